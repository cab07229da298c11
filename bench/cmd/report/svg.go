package main

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strings"
)

// A series is one implementation's points on a panel.
type series struct {
	impl string
	pts  []point
}

type point struct{ x, y float64 }

// colors of the implementations; others get grey.
var colors = map[string]string{
	"engine":               "#1f77b4",
	"alembiccfg":           "#2ca02c",
	"iniv1-buf4k":          "#ff7f0e",
	"iniv1-bigbuf":         "#d62728",
	"viper":                "#9467bd",
	"cpython-configparser": "#8c564b",
}

// plotSeries returns, for BenchmarkParse on the size series (1KB…100MB),
// each implementation's points of unit against the input size; value maps
// a benchmark's median in unit and the input size to the plotted y.
func (r *run) plotSeries(unit string, value func(v, size float64) float64) []series {
	var out []series
	for _, im := range (&report{r: r}).parseCols() {
		s := series{impl: im}
		for _, in := range r.inputs() {
			if !sizeName.MatchString(in) {
				continue
			}
			size, ok := r.size(in)
			if !ok {
				continue
			}
			if v, ok := r.get("BenchmarkParse/"+in+"/"+im, unit); ok && v > 0 {
				s.pts = append(s.pts, point{size, value(v, size)})
			}
		}
		sort.Slice(s.pts, func(i, j int) bool { return s.pts[i].x < s.pts[j].x })
		if len(s.pts) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// panel is one log-log chart.
type panel struct {
	title, ylabel string
	yfmt          func(float64) string
	series        []series
}

const (
	svgW, svgH     = 1000, 494
	panelW, panelH = 380, 300
	marginL        = 80
	marginT        = 84
	gap            = 110
)

// svg draws the two panels of the report: parse time and heap's peak
// bound against input size, log-log, one line per implementation; title
// names the run (the machine) under the heading.
func (r *run) svg(title string) string {
	panels := []panel{
		{title: "Parse time per document", ylabel: "time per parse", yfmt: timeLabel,
			series: r.plotSeries("ns/op", func(v, _ float64) float64 { return v })},
		{title: "Heap above the baseline (peak bound)", ylabel: "bytes", yfmt: sizeLabel,
			series: r.plotSeries("peak-B/B", func(v, size float64) float64 { return v * size })},
	}
	var sb strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&sb, format, a...) }
	w(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", svgW, svgH, svgW, svgH)
	w(`<rect width="100%%" height="100%%" fill="white"/>` + "\n")
	w(`<text x="%d" y="22" font-size="15" font-weight="bold">Parse time and heap against input size, one line per implementation</text>`+"\n", marginL)
	w(`<text x="%d" y="40" font-size="11" fill="#555">%s</text>`+"\n", marginL, html.EscapeString(title))
	for i, p := range panels {
		x0 := marginL + i*(panelW+gap)
		drawPanel(&sb, p, x0, marginT)
	}
	// Legend: every implementation of either panel.
	seen := map[string]bool{}
	var impls []string
	for _, p := range panels {
		for _, s := range p.series {
			if !seen[s.impl] {
				seen[s.impl] = true
				impls = append(impls, s.impl)
			}
		}
	}
	lx, ly := marginL, marginT+panelH+70
	for _, im := range impls {
		w(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2.5"%s/>`, lx, ly, lx+24, ly, color(im), dash(im))
		w(`<circle cx="%d" cy="%d" r="3.5" fill="%s"/>`, lx+12, ly, color(im))
		w(`<text x="%d" y="%d">%s</text>`+"\n", lx+30, ly+4, html.EscapeString(im))
		lx += 40 + 8*len(im)
	}
	w(`<text x="%d" y="%d" font-size="11" fill="#555">Go: bytes allocated by one parse with the collector off (an upper bound of the peak); CPython: tracemalloc's peak. Generated inputs (bench/gen, seed 1).</text>`+"\n",
		marginL, ly+28)
	w("</svg>\n")
	return sb.String()
}

func color(im string) string {
	if c, ok := colors[im]; ok {
		return c
	}
	return "#777777"
}

func dash(im string) string {
	if strings.HasPrefix(im, "cpython") {
		return ` stroke-dasharray="6 3"`
	}
	return ""
}

// decades returns the powers of ten that enclose [lo, hi].
func decades(lo, hi float64) (float64, float64) {
	a := math.Pow(10, math.Floor(math.Log10(lo)))
	b := math.Pow(10, math.Ceil(math.Log10(hi)))
	if a == b {
		b *= 10
	}
	return a, b
}

func drawPanel(sb *strings.Builder, p panel, x0, y0 int) {
	w := func(format string, a ...any) { fmt.Fprintf(sb, format, a...) }
	w(`<text x="%d" y="%d" font-size="13" font-weight="bold">%s</text>`+"\n", x0, y0-12, html.EscapeString(p.title))
	w(`<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#333"/>`+"\n", x0, y0, panelW, panelH)
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range p.series {
		for _, pt := range s.pts {
			xlo, xhi = math.Min(xlo, pt.x), math.Max(xhi, pt.x)
			ylo, yhi = math.Min(ylo, pt.y), math.Max(yhi, pt.y)
		}
	}
	if math.IsInf(xlo, 0) {
		w(`<text x="%d" y="%d" fill="#777">no data in this run</text>`+"\n", x0+panelW/2-60, y0+panelH/2)
		return
	}
	xlo, xhi = decades(xlo, xhi)
	ylo, yhi = decades(ylo, yhi)
	px := func(x float64) float64 {
		return float64(x0) + (math.Log10(x)-math.Log10(xlo))/(math.Log10(xhi)-math.Log10(xlo))*panelW
	}
	py := func(y float64) float64 {
		return float64(y0+panelH) - (math.Log10(y)-math.Log10(ylo))/(math.Log10(yhi)-math.Log10(ylo))*panelH
	}
	for x := xlo; x <= xhi*1.0001; x *= 10 {
		X := px(x)
		w(`<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`, X, y0, X, y0+panelH)
		w(`<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", X, y0+panelH+16, sizeLabel(x))
	}
	for y := ylo; y <= yhi*1.0001; y *= 10 {
		Y := py(y)
		w(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`, x0, Y, x0+panelW, Y)
		w(`<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", x0-6, Y+4, html.EscapeString(p.yfmt(y)))
	}
	w(`<text x="%d" y="%d" text-anchor="middle">input size (bytes, log)</text>`+"\n", x0+panelW/2, y0+panelH+36)
	w(`<text x="%d" y="%d" text-anchor="middle" transform="rotate(-90 %d %d)">%s (log)</text>`+"\n",
		x0-62, y0+panelH/2, x0-62, y0+panelH/2, html.EscapeString(p.ylabel))
	for _, s := range p.series {
		var pts []string
		for _, pt := range s.pts {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(pt.x), py(pt.y)))
		}
		w(`<polyline fill="none" stroke="%s" stroke-width="2"%s points="%s"><title>%s</title></polyline>`+"\n",
			color(s.impl), dash(s.impl), strings.Join(pts, " "), html.EscapeString(s.impl))
		for _, pt := range s.pts {
			w(`<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`, px(pt.x), py(pt.y), color(s.impl))
		}
		w("\n")
	}
}

// sizeLabel names a power of ten of bytes.
func sizeLabel(x float64) string {
	switch {
	case x >= 1e9:
		return fmt.Sprintf("%g GB", x/1e9)
	case x >= 1e6:
		return fmt.Sprintf("%g MB", x/1e6)
	case x >= 1e3:
		return fmt.Sprintf("%g kB", x/1e3)
	}
	return fmt.Sprintf("%g B", x)
}

// timeLabel names a power of ten of nanoseconds.
func timeLabel(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%g s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%g ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%g µs", ns/1e3)
	}
	return fmt.Sprintf("%g ns", ns)
}
