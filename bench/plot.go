package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// glyphs is a 3x5 pixel font: 15 bits per character, row by row.
var glyphs = map[rune]string{
	'A': "010101111101101", 'B': "110101110101110", 'C': "011100100100011",
	'D': "110101101101110", 'E': "111100110100111", 'F': "111100110100100",
	'G': "011100101101011", 'H': "101101111101101", 'I': "111010010010111",
	'J': "001001001101010", 'K': "101101110101101", 'L': "100100100100111",
	'M': "101111111101101", 'N': "110101101101101", 'O': "010101101101010",
	'P': "110101110100100", 'Q': "010101101110011", 'R': "110101110101101",
	'S': "011100010001110", 'T': "111010010010010", 'U': "101101101101111",
	'V': "101101101101010", 'W': "101101111111101", 'X': "101101010101101",
	'Y': "101101010010010", 'Z': "111001010100111",
	'0': "111101101101111", '1': "010110010010111", '2': "110001010100111",
	'3': "110001010001110", '4': "101101111001001", '5': "111100110001110",
	'6': "011100111101111", '7': "111001010010010", '8': "111101111101111",
	'9': "111101111001110", '.': "000000000000010", '-': "000000111000000",
	'(': "001010010010001", ')': "100010010010100", '/': "001001010100100",
	'%': "101001010100101", ',': "000000000010100", ':': "000010000010000",
	' ': "000000000000000",
}

const scale = 2 // pixels per font pixel

func drawText(img *image.RGBA, x, y int, s string, c color.Color) {
	for _, r := range strings.ToUpper(s) {
		g, ok := glyphs[r]
		if !ok {
			g = glyphs[' ']
		}
		for i, bit := range g {
			if bit != '1' {
				continue
			}
			px, py := x+(i%3)*scale, y+(i/3)*scale
			for dx := 0; dx < scale; dx++ {
				for dy := 0; dy < scale; dy++ {
					img.Set(px+dx, py+dy, c)
				}
			}
		}
		x += 4 * scale
	}
}

func textWidth(s string) int { return len(s) * 4 * scale }

func fillRect(img *image.RGBA, r image.Rectangle, c color.Color) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.Set(x, y, c)
		}
	}
}

// png draws three panels (median wall time, CPU time, peak RSS), one bar
// per tool, with the value above each bar.
func (rep *report) png() []byte {
	const (
		panelW, panelH = 330, 300
		barW           = 50
		top, bottom    = 40, 60
	)
	colors := []color.RGBA{{0x1f, 0x77, 0xb4, 255}, {0x6b, 0xae, 0xd6, 255}, {0x2c, 0xa0, 0x2c, 255}, {0xd6, 0x27, 0x28, 255}}
	labels := []string{"CTX", "CTX VET", "GO VET", "STATICCHECK"}
	type panel struct {
		title string
		unit  string
		val   func(summary) float64
	}
	panels := []panel{
		{"WALL TIME (MEDIAN)", "S", func(s summary) float64 { return s.WallMed }},
		{"CPU TIME (MEDIAN)", "S", func(s summary) float64 { return s.CPUMed }},
		{"PEAK RSS (MEDIAN)", "MIB", func(s summary) float64 { return s.RSSMed }},
	}
	W, H := panelW*len(panels)+20, panelH+40
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	fillRect(img, img.Bounds(), color.White)
	black := color.RGBA{0, 0, 0, 255}
	drawText(img, 10, 8, fmt.Sprintf("CTXTIMEOUT BENCH %s, %d PACKAGES", rep.Date, rep.Packages), black)
	for p, pn := range panels {
		x0 := 10 + p*panelW
		y0 := 30
		drawText(img, x0+10, y0, pn.title, black)
		maxv := 0.0
		for _, r := range rep.Results {
			maxv = max(maxv, pn.val(r.summary()))
		}
		if maxv == 0 {
			maxv = 1
		}
		baseY := y0 + panelH - bottom
		fillRect(img, image.Rect(x0+5, baseY, x0+panelW-15, baseY+2), black)
		for i, r := range rep.Results {
			v := pn.val(r.summary())
			h := int(v / maxv * float64(panelH-top-bottom-10))
			bx := x0 + 15 + i*(barW+25)
			fillRect(img, image.Rect(bx, baseY-h, bx+barW, baseY), colors[i%len(colors)])
			val := fmt.Sprintf("%.1f", v)
			if pn.unit == "MIB" {
				val = fmt.Sprintf("%.0f", v)
			}
			drawText(img, bx+(barW-textWidth(val))/2, baseY-h-14, val, black)
			// Labels alternate between two rows so long names do not collide.
			ly := baseY + 8 + (i%2)*16
			drawText(img, bx+(barW-textWidth(labels[i%len(labels)]))/2, ly, labels[i%len(labels)], colors[i%len(colors)])
		}
		drawText(img, x0+10, baseY+44, "UNIT: "+pn.unit, black)
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}
