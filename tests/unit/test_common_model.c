/* Claims about the run model's vocabularies (stages/common/model.c): every value has a word that
 * parses back to it, and the words are the ones the files hold (docs/formats.md). */
#include "check.h"
#include "model.h"

static void test_every_value_round_trips_through_its_word(void)
{
    for (int i = 0; i < ENV_STATUSES; i++) {
        env_status s = ENV_STATUSES;
        CHECK(env_status_parse(env_status_word((env_status)i), &s) == 0 && s == (env_status)i);
    }
    for (int i = 0; i < CELL_STATUSES; i++) {
        cell_status s = CELL_STATUSES;
        CHECK(cell_status_parse(cell_status_word((cell_status)i), &s) == 0 && s == (cell_status)i);
    }
    for (int i = 0; i < CLAIM_KINDS; i++) {
        claim_kind k = CLAIM_KINDS;
        CHECK(claim_kind_parse(claim_kind_word((claim_kind)i), &k) == 0 && k == (claim_kind)i);
    }
}

static void test_the_words_are_the_files_words(void)
{
    CHECK_STR(env_status_word(ENV_STATUS_UNAVAILABLE), "unavailable");
    CHECK_STR(cell_status_word(CELL_UNSUPPORTED), "unsupported");
    CHECK_STR(claim_kind_word(CLAIM_ORDER), "order");
    CHECK(env_status_is("ok", ENV_STATUS_OK) && !env_status_is("ok", ENV_STATUS_FAILED));
    CHECK(cell_status_is("failed", CELL_FAILED) && !cell_status_is("Failed", CELL_FAILED));
}

static void test_an_unknown_word_is_refused_and_leaves_the_value(void)
{
    claim_kind k = CLAIM_CHECK;
    CHECK(claim_kind_parse("ratios", &k) == -1 && k == CLAIM_CHECK);
    cell_status c = CELL_OK;
    CHECK(cell_status_parse("warmup", &c) == -1 && cell_status_parse(NULL, &c) == -1);
    CHECK_STR(claim_kind_word(CLAIM_KINDS), "?");
}

int main(void)
{
    RUN(test_every_value_round_trips_through_its_word);
    RUN(test_the_words_are_the_files_words);
    RUN(test_an_unknown_word_is_refused_and_leaves_the_value);
    return check_main("model");
}
