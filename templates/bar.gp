# bar.gp - one metric of one article table: the median of every environment as a bar, its CI
# as an error bar (none where the CI is unbounded) and the article's claims as labelled points.
# repro-render (plot.c) fills the double-brace placeholders: strings arrive escaped for
# double-quoted gnuplot strings, numbers are already in the display scale of the y label.
# Data file: x, median, CI low, CI high; NaN where a value does not exist.

logscale = {{log}}
# Optional plot elements: error bars only when some CI is bounded, a key entry only for claims.
ci_style = 'with vectors heads size screen 0.012,90 lw 2 lc rgb "#1b1f23"'
ci_bars = {{bounded_cis}} ? \
    ', "" using 1:3:(0):($4 - $3) ' . ci_style . ' title "{{level}} CI of the median"' : ''
claim_key = {{claims_count}} ? \
    ', keyentry with points pt 9 ps 1.8 lc rgb "#c62828" title "claimed in the article"' : ''
# A claim's label reads away from the plot's edge: rightwards in the left half, leftwards in
# the right half.
claim_style = "front point pt 9 ps 1.8 lc rgb '#c62828' tc rgb '#a40e26' boxed"
# plot.c adds each label's offset: 1.2 characters sideways, and a line up or down where the
# point's own line has no room.
claim_left = claim_style . " left"
claim_right = claim_style . " right"

set terminal svg size 760,460 font "DejaVu Sans,12" background "#ffffff"
set termoption noenhanced
set output "{{svg}}"

set title "{{title}}"
set ylabel "{{ylabel}}"
set xtics ({{xtics}}) scale 0
set xrange [-0.6:{{xmax}} + 0.6]
set yrange [{{ymin}}:{{ymax}}]
if (logscale) { set logscale y } else { unset logscale y }
set grid ytics lc rgb "#d0d7de"
set border 3
set tics nomirror
set key below horizontal
set style textbox opaque fillcolor rgb "#ffffff" noborder margins 2,1
set style fill solid 0.85 border rgb "#1b4f72"
set boxwidth 0.6
set datafile missing "NaN"
{{claims}}
plot "{{data}}" using 1:2 with boxes lc rgb "#5b9bd5" title "median", \
     "" using 1:2:(sprintf("%.3g", $2)) with labels offset char 0,0.8 notitle @ci_bars @claim_key

set terminal pngcairo size 760,460 font "DejaVu Sans,10" background "#ffffff"
set termoption noenhanced
set output "{{png}}"
replot
unset output
