package etcdtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TLSFiles are the PEM files of a TLS cluster: the CA that signed the
// server's and the client's certificates, and the client's certificate
// and key.
type TLSFiles struct {
	CAFile, CertFile, KeyFile string
}

// StartTLS is Start with TLS on the client URLs (https://127.0.0.1:…)
// and client certificates required (--client-cert-auth), from a CA made
// for the test.
func StartTLS(t testing.TB, members int, flags ...string) (*Cluster, TLSFiles) {
	t.Helper()
	Require(t)
	dir := t.TempDir()
	files, server := makeCerts(t, dir)
	conf, err := files.Config()
	if err != nil {
		t.Fatal(err)
	}
	flags = append([]string{"--cert-file", server[0], "--key-file", server[1],
		"--trusted-ca-file", files.CAFile, "--client-cert-auth"}, flags...)
	return start(t, members, "https", conf, flags), files
}

// Config returns a tls.Config for the files, as a client uses them.
func (f TLSFiles) Config() (*tls.Config, error) {
	ca, err := os.ReadFile(f.CAFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	cert, err := tls.LoadX509KeyPair(f.CertFile, f.KeyFile)
	if err != nil {
		return nil, err
	}
	return &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

func makeCerts(t testing.TB, dir string) (TLSFiles, [2]string) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "etcdtest CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	issue := func(name string, serial int64, usage []x509.ExtKeyUsage) (string, string) {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: usage,
			IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		kb, _ := x509.MarshalECPrivateKey(key)
		cert := writePEM(t, filepath.Join(dir, name+".pem"), "CERTIFICATE", der)
		keyFile := writePEM(t, filepath.Join(dir, name+"-key.pem"), "EC PRIVATE KEY", kb)
		return cert, keyFile
	}
	serverCert, serverKey := issue("server", 2, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth})
	clientCert, clientKey := issue("client", 3, []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth})
	ca := writePEM(t, filepath.Join(dir, "ca.pem"), "CERTIFICATE", caDER)
	return TLSFiles{CAFile: ca, CertFile: clientCert, KeyFile: clientKey}, [2]string{serverCert, serverKey}
}

func writePEM(t testing.TB, path, typ string, der []byte) string {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
