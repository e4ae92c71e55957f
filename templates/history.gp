# history.gp - one series of a machine's history (repro-history, history/chart.c): each run's
# median with its interval, the level of each segment of the step fit, and each step as a
# dashed line. C fills the double-brace placeholders: strings arrive escaped for double-quoted
# gnuplot strings, numbers in the display scale of the y label.
# Data: block 0 is run position, median, low, high (low = high = median where the interval is
# unbounded); block 1 the segments, two points each ("x y"), blocks apart.

set terminal svg size 760,300 font "DejaVu Sans,12" background "#ffffff"
set termoption noenhanced
set output "{{svg}}"

set title "{{title}}, run by run (oldest first)"
set ylabel "{{ylabel}}"
set xrange [-0.5:{{xmax}} + 0.5]
set xtics ({{xtics}}) scale 0
set grid ytics lc rgb "#d0d7de"
set border 3
set tics nomirror
set key below horizontal
set datafile missing "NaN"
{{yrange}}
{{steps}}
plot "{{data}}" index 0 using 1:2:3:4 with yerrorbars pt 7 ps 0.6 lc rgb "#1b4f72" \
     title "median and its interval"{{segments}}

set terminal pngcairo size 760,300 font "DejaVu Sans,10" background "#ffffff"
set termoption noenhanced
set output "{{png}}"
replot
unset output
