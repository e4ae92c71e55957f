# forest.gp - one article table's comparisons: per row a ratio to the baseline (Hodges–Lehmann)
# as a point with its CI as a horizontal bar, on a log axis with a dashed line at 1 (no
# difference) and the article's claimed ratio as a red triangle on the row that judges it.
# repro-render (plot_forest.c) fills the double-brace placeholders: strings arrive escaped for
# double-quoted gnuplot strings. Each row's label is on the left (ytics) and its numbers on the
# right of the same line, so labels never share a line.
# Data file: row, ratio, CI low, CI high, claimed ratio; NaN where a value does not exist.

claim_key = {{claims_count}} ? \
    ', "" using 5:1 with points pt 9 ps 1.8 lc rgb "#c62828" title "claimed in the article"' : ''

set terminal svg size 1000,{{height}} font "DejaVu Sans,12" background "#ffffff"
set termoption noenhanced
set output "{{svg}}"

set title "{{title}}"
set logscale x
set xrange [{{xmin}}:{{xmax}}]
set yrange [{{ymax}}:{{ymin}}]
set ytics ({{ytics}}) scale 0
set lmargin 36
set rmargin 44
set xtics ({{ratio_tics}})
set grid xtics lc rgb "#d0d7de"
set border 1
set tics nomirror
set key below horizontal
set datafile missing "NaN"
set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2 lw 1.5 lc rgb "#57606a" back
{{labels}}
plot "{{data}}" using 2:1:3:4 with xerrorbars pt 7 ps 0 lw 2 lc rgb "#1b4f72" notitle, \
     "" using 2:1 with points pt 7 ps 1.2 lc rgb "#1b4f72" title "ratio with its {{level}} CI" \
     @claim_key

set terminal pngcairo size 1000,{{height}} font "DejaVu Sans,10" background "#ffffff"
set termoption noenhanced
set output "{{png}}"
replot
unset output
