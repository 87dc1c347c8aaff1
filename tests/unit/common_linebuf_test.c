/*
 * common_linebuf_test.c — line framing of the JSON-RPC TCP protocol
 * (lib/common, shared by the daemon and libagentbar): lines split across
 * reads, several lines in one read, CRLF, blank lines, the 64 KiB limit on
 * complete and on still-partial lines, carrying on after an overlong line.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "linebuf.h"

/* A linebuf and the lines its handler saw. */
struct fx {
	struct linebuf *lb;
	char lines[8][64];
	size_t n;
	int stop_after;   /* 0 = never */
};

static int line_h(const char *line, size_t len, void *arg)
{
	struct fx *fx = arg;

	assert_true(fx->n < 8);
	assert_true(len < 64);
	memcpy(fx->lines[fx->n], line, len);
	fx->lines[fx->n][len] = '\0';
	fx->n++;
	return fx->stop_after && (int)fx->n == fx->stop_after ? 1 : 0;
}

static int feed(struct fx *fx, const char *s)
{
	return linebuf_feed(fx->lb, (const uint8_t *)s, strlen(s), line_h, fx);
}

/* The test's prestate is the line limit. */
static int setup(void **state)
{
	size_t max = (size_t)(uintptr_t)*state;
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx || linebuf_alloc(&fx->lb, max)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	linebuf_free(fx->lb);
	free(fx);
	return 0;
}

static void test_split_across_reads(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(feed(fx, "{\"a\":"), 0);
	assert_int_equal(fx->n, 0);
	assert_int_equal(linebuf_pending(fx->lb), 5);
	assert_int_equal(feed(fx, "1}\n{\"b\""), 0);
	assert_int_equal(fx->n, 1);
	assert_string_equal(fx->lines[0], "{\"a\":1}");
	assert_int_equal(feed(fx, ":2}\n"), 0);
	assert_int_equal(fx->n, 2);
	assert_string_equal(fx->lines[1], "{\"b\":2}");
	assert_int_equal(linebuf_pending(fx->lb), 0);
}

static void test_many_in_one_read_crlf_blank(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(feed(fx, "one\r\n\n\r\ntwo\nthree\r"), 0);
	assert_int_equal(fx->n, 2);
	assert_string_equal(fx->lines[0], "one");
	assert_string_equal(fx->lines[1], "two");
	/* a '\r' at the end of a read may be the first half of a CRLF */
	assert_int_equal(feed(fx, "\n"), 0);
	assert_int_equal(fx->n, 3);
	assert_string_equal(fx->lines[2], "three");
}

static void test_handler_stops_feed(void **state)
{
	struct fx *fx = *state;

	fx->stop_after = 1;
	assert_int_equal(feed(fx, "a\nb\nc\n"), 1);
	assert_int_equal(fx->n, 1);
	assert_int_equal(linebuf_pending(fx->lb), 4);  /* "b\nc\n" kept */
}

static void test_limit_complete_line(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(feed(fx, "abcd\n"), 0);   /* exactly 4 */
	assert_int_equal(feed(fx, "abcd\r\n"), 0); /* CR not counted */
	assert_int_equal(fx->n, 2);
	assert_int_equal(feed(fx, "abcde\n"), E2BIG);
	assert_int_equal(fx->n, 2);
}

static void test_limit_partial_line(void **state)
{
	struct fx *fx = *state;
	char *big = malloc(70000);

	assert_non_null(big);
	memset(big, 'x', 69999);
	big[69999] = '\0';
	/* refused before any newline arrives: the buffer cannot grow
	 * without bound */
	assert_int_equal(feed(fx, big), E2BIG);
	assert_int_equal(fx->n, 0);
	free(big);
}

static void test_embedded_nul_kept(void **state)
{
	struct fx *fx = *state;
	static const uint8_t data[] = {'a', 0, 'b', '\n'};

	assert_int_equal(linebuf_feed(fx->lb, data, sizeof(data), line_h, fx),
			 0);
	assert_int_equal(fx->n, 1);
	assert_memory_equal(fx->lines[0], "a\0b", 3);
}

static void test_carry_on_after_complete_overlong(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(feed(fx, "abcde\nok\npa"), E2BIG);
	assert_int_equal(fx->n, 0);
	assert_int_equal(linebuf_pending(fx->lb), 5);  /* "ok\npa" */
	assert_int_equal(linebuf_feed(fx->lb, NULL, 0, line_h, fx), 0);
	assert_int_equal(fx->n, 1);
	assert_string_equal(fx->lines[0], "ok");
	assert_int_equal(feed(fx, "rt\n"), 0);
	assert_string_equal(fx->lines[1], "part");
}

static void test_carry_on_after_partial_overlong(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(feed(fx, "abcdefg"), E2BIG);
	assert_int_equal(linebuf_pending(fx->lb), 0);  /* not kept */
	/* the rest of that line is dropped as it arrives */
	assert_int_equal(feed(fx, "hijklmnop"), 0);
	assert_int_equal(linebuf_pending(fx->lb), 0);
	assert_int_equal(feed(fx, "q\nok\n"), 0);
	assert_int_equal(fx->n, 1);
	assert_string_equal(fx->lines[0], "ok");
}

static void test_reset(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(feed(fx, "old"), 0);
	linebuf_reset(fx->lb);
	assert_int_equal(linebuf_pending(fx->lb), 0);
	assert_int_equal(feed(fx, "abcdefg"), E2BIG);
	linebuf_reset(fx->lb);   /* a new stream does not skip the old line */
	assert_int_equal(feed(fx, "new\n"), 0);
	assert_int_equal(fx->n, 1);
	assert_string_equal(fx->lines[0], "new");
}

#define T(f, max) cmocka_unit_test_prestate_setup_teardown(f, setup, \
		teardown, (void *)(uintptr_t)(max))

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_split_across_reads, 100),
		T(test_many_in_one_read_crlf_blank, 100),
		T(test_handler_stops_feed, 100),
		T(test_limit_complete_line, 4),
		T(test_limit_partial_line, 65536),
		T(test_embedded_nul_kept, 100),
		T(test_carry_on_after_complete_overlong, 4),
		T(test_carry_on_after_partial_overlong, 4),
		T(test_reset, 4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
