# runorder.gp - one article table's samples in run order: per environment a line through its
# samples against the round they were measured in, the samples of disturbed rounds circled
# (flagged by normalize from the machine's state, never removed). repro-render
# (plot_runorder.c) fills the double-brace placeholders: strings arrive escaped for
# double-quoted gnuplot strings, numbers in the display scale of the y label.
# Data file: blocks 0 .. series-1 = round, value per environment (in the order of envs);
# block series = round, value of every flagged sample.

envs = "{{labels}}"
series = {{series}}
flagged = {{flagged}}

set terminal svg size 760,460 font "DejaVu Sans,12" background "#ffffff"
set termoption noenhanced
set output "{{svg}}"

set title "{{title}}"
set ylabel "{{ylabel}}"
set xlabel "round"
set xrange [{{xmin}}:{{xmax}}]
set yrange [{{ymin}}:{{ymax}}]
set xtics 1 nomirror
set grid ytics lc rgb "#d0d7de"
set border 3
set tics nomirror
set key below horizontal
set datafile missing "NaN"
if (flagged > 0) {
    plot for [i = 0:series - 1] "{{data}}" index i using 1:2 with linespoints pt 7 ps 0.7 \
            title word(envs, i + 1), \
         "" index series using 1:2 with points pt 6 ps 2.2 lw 2 lc rgb "#d1242f" \
            title "sample in a disturbed round"
} else {
    plot for [i = 0:series - 1] "{{data}}" index i using 1:2 with linespoints pt 7 ps 0.7 \
            title word(envs, i + 1)
}

set terminal pngcairo size 760,460 font "DejaVu Sans,10" background "#ffffff"
set termoption noenhanced
set output "{{png}}"
replot
unset output
