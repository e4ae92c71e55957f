# strip.gp - one metric of one article table: every raw sample of every environment as a point,
# spread sideways by a fixed offset per repetition (no randomness), with the median as a bar.
# repro-render (plot.c) fills the double-brace placeholders: strings arrive escaped for
# double-quoted gnuplot strings, numbers are already in the display scale of the y label.
# Data file: block 0 = x with its offset, sample; block 1 = x, median.

logscale = {{log}}

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
set datafile missing "NaN"
plot "{{data}}" index 0 using 1:2 with points pt 7 ps 0.9 lc rgb "#5b9bd5" title "one sample", \
     "" index 1 using ($1 - 0.3):2:(0.6):(0) with vectors nohead lw 3 lc rgb "#1b1f23" \
        title "median"

set terminal pngcairo size 760,460 font "DejaVu Sans,10" background "#ffffff"
set termoption noenhanced
set output "{{png}}"
replot
unset output
