#!/usr/bin/env bash
# test_toy_format.sh - a new output format is one file: in a copy of the checkout, one new file
# stages/render/fmt_toy.c (report.txt through cmark's plain-text writer) is added and nothing else is edited; render is built there and renders the
# fixture model: report.txt is written beside report.md, report.html and report.xlsx (which stay
# as the unchanged program writes them), it has the report's headline and a verdict, and the
# copy's `git status` lists the one new file only.
#
#   tests/e2e/test_toy_format.sh [BIN_DIR]
set -u
cd "$(dirname "$0")/../.."
bin=${1:-build/bin}
work=$(mktemp -d /tmp/repro-toyfmt.XXXXXX)
. tests/e2e/check.sh
echo "e2e: a toy output format in one file, in $work"
copy=$work/checkout
mkdir -p "$copy" && git ls-files -co --exclude-standard | grep -v '^tests/fixtures/' |
    tar -cf - -T - | tar -xf - -C "$copy" && # the checkout as it is, committed in the copy
    git -C "$copy" init -q && git -C "$copy" add -A &&
    git -C "$copy" -c user.name=t -c user.email=t@t commit -qm copy >>"$work/log" 2>&1
check "a copy of the checkout" test -d "$copy/stages/render"
cat >"$copy/stages/render/fmt_toy.c" <<'C'
/* fmt_toy.c - a toy document format: report.txt, the report as plain text (cmark's plain-text
 * writer, which writes no markup: the typed nodes get no words). */
#include "render.h"

#include "fsutil.h"

#include <stdlib.h>
#include <string.h>

static void words(void *ctx, const doc_typed *t, strbuf *enter, strbuf *exit)
{
    (void)ctx, (void)t, (void)enter, (void)exit;
}

static int write_txt(const render_input *in, const char *out_path)
{
    cmark_node *root = doc_lower(in->d, words, NULL);
    char *txt = root ? cmark_render_plaintext(root, CMARK_OPT_DEFAULT, 0) : NULL;
    int rc = fs_save(out_path, txt ? txt : "", txt ? strlen(txt) : 0);
    free(txt);
    return rc;
}

static const render_format toy = {"report.txt", write_txt};
RENDER_FORMAT(toy)
C
make -C "$copy" -j2 BUILD="$work/build" "$work/build/bin/repro-render" >>"$work/log" 2>&1
check "render builds with the new file" test -x "$work/build/bin/repro-render"
check "the copy differs from the checkout by the one new file" \
    test "$(git -C "$copy" status --porcelain --untracked-files=all)" = "?? stages/render/fmt_toy.c"
"$work/build/bin/repro-render" --model tests/fixtures/model --out "$work/out" >>"$work/log" 2>&1
check "the report renders with it" test $? -eq 0
check "report.txt is written with the others, and the success line names it" \
    bash -c "ls '$work/out' | grep -qx report.txt && grep -q 'report.html, report.md, report.txt, report.xlsx' '$work/log'"
check "report.txt has the report's title, the headline claim and its verdict, and the claims table" \
    bash -c "grep -q \"Is Go faster in WSL2 than in Docker\" '$work/out/report.txt' &&
        grep -q 'T1.slower' '$work/out/report.txt' && grep -q 'is refuted (T1)' '$work/out/report.txt' &&
        grep -q '^| Claim | Table | Article says |' '$work/out/report.txt'"
"$bin/repro-render" --model tests/fixtures/model --out "$work/plain" >>"$work/log" 2>&1
check "report.md, report.html and report.xlsx are as the program without the toy writes them" \
    bash -c "for f in report.md report.html report.xlsx; do cmp '$work/plain/'\$f '$work/out/'\$f || exit 1; done"
echo "toy-format: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && rm -rf "$work"
[ "$failed" -eq 0 ]
