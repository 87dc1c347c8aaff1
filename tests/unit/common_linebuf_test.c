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
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "linebuf.h"

struct seen {
	char lines[8][64];
	size_t n;
	int stop_after;   /* 0 = never */
};

static int line_h(const char *line, size_t len, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < 8);
	assert_true(len < 64);
	memcpy(s->lines[s->n], line, len);
	s->lines[s->n][len] = '\0';
	s->n++;
	return s->stop_after && (int)s->n == s->stop_after ? 1 : 0;
}

static int feed(struct linebuf *lb, const char *s, struct seen *seen)
{
	return linebuf_feed(lb, (const uint8_t *)s, strlen(s), line_h, seen);
}

static void test_split_across_reads(void **state)
{
	struct linebuf *lb = NULL;
	struct seen seen = {0};

	(void)state;
	assert_int_equal(linebuf_alloc(&lb, 100), 0);
	assert_int_equal(feed(lb, "{\"a\":", &seen), 0);
	assert_int_equal(seen.n, 0);
	assert_int_equal(linebuf_pending(lb), 5);
	assert_int_equal(feed(lb, "1}\n{\"b\"", &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.lines[0], "{\"a\":1}");
	assert_int_equal(feed(lb, ":2}\n", &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.lines[1], "{\"b\":2}");
	assert_int_equal(linebuf_pending(lb), 0);
	linebuf_free(lb);
}

static void test_many_in_one_read_crlf_blank(void **state)
{
	struct linebuf *lb = NULL;
	struct seen seen = {0};

	(void)state;
	assert_int_equal(linebuf_alloc(&lb, 100), 0);
	assert_int_equal(feed(lb, "one\r\n\n\r\ntwo\nthree\r", &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.lines[0], "one");
	assert_string_equal(seen.lines[1], "two");
	/* a '\r' at the end of a read may be the first half of a CRLF */
	assert_int_equal(feed(lb, "\n", &seen), 0);
	assert_int_equal(seen.n, 3);
	assert_string_equal(seen.lines[2], "three");
	linebuf_free(lb);
}

static void test_handler_stops_feed(void **state)
{
	struct linebuf *lb = NULL;
	struct seen seen = {.stop_after = 1};

	(void)state;
	assert_int_equal(linebuf_alloc(&lb, 100), 0);
	assert_int_equal(feed(lb, "a\nb\nc\n", &seen), 1);
	assert_int_equal(seen.n, 1);
	assert_int_equal(linebuf_pending(lb), 4);  /* "b\nc\n" kept */
	linebuf_free(lb);
}

static void test_limit_complete_line(void **state)
{
	struct linebuf *lb = NULL;
	struct seen seen = {0};

	(void)state;
	assert_int_equal(linebuf_alloc(&lb, 4), 0);
	assert_int_equal(feed(lb, "abcd\n", &seen), 0);   /* exactly 4 */
	assert_int_equal(feed(lb, "abcd\r\n", &seen), 0); /* CR not counted */
	assert_int_equal(seen.n, 2);
	assert_int_equal(feed(lb, "abcde\n", &seen), E2BIG);
	assert_int_equal(seen.n, 2);
	linebuf_free(lb);
}

static void test_limit_partial_line(void **state)
{
	struct linebuf *lb = NULL;
	struct seen seen = {0};
	char *big = malloc(70000);

	(void)state;
	assert_non_null(big);
	memset(big, 'x', 69999);
	big[69999] = '\0';
	assert_int_equal(linebuf_alloc(&lb, 65536), 0);
	/* refused before any newline arrives: the buffer cannot grow
	 * without bound */
	assert_int_equal(feed(lb, big, &seen), E2BIG);
	assert_int_equal(seen.n, 0);
	linebuf_free(lb);
	free(big);
}

static void test_embedded_nul_kept(void **state)
{
	struct linebuf *lb = NULL;
	struct seen seen = {0};
	static const uint8_t data[] = {'a', 0, 'b', '\n'};

	(void)state;
	assert_int_equal(linebuf_alloc(&lb, 100), 0);
	assert_int_equal(linebuf_feed(lb, data, sizeof(data), line_h, &seen),
			 0);
	assert_int_equal(seen.n, 1);
	assert_memory_equal(seen.lines[0], "a\0b", 3);
	linebuf_free(lb);
}

static void test_carry_on_after_complete_overlong(void **state)
{
	struct linebuf *lb = NULL;
	struct seen seen = {0};

	(void)state;
	assert_int_equal(linebuf_alloc(&lb, 4), 0);
	assert_int_equal(feed(lb, "abcde\nok\npa", &seen), E2BIG);
	assert_int_equal(seen.n, 0);
	assert_int_equal(linebuf_pending(lb), 5);  /* "ok\npa" */
	assert_int_equal(linebuf_feed(lb, NULL, 0, line_h, &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.lines[0], "ok");
	assert_int_equal(feed(lb, "rt\n", &seen), 0);
	assert_string_equal(seen.lines[1], "part");
	linebuf_free(lb);
}

static void test_carry_on_after_partial_overlong(void **state)
{
	struct linebuf *lb = NULL;
	struct seen seen = {0};

	(void)state;
	assert_int_equal(linebuf_alloc(&lb, 4), 0);
	assert_int_equal(feed(lb, "abcdefg", &seen), E2BIG);
	assert_int_equal(linebuf_pending(lb), 0);  /* not kept */
	/* the rest of that line is dropped as it arrives */
	assert_int_equal(feed(lb, "hijklmnop", &seen), 0);
	assert_int_equal(linebuf_pending(lb), 0);
	assert_int_equal(feed(lb, "q\nok\n", &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.lines[0], "ok");
	linebuf_free(lb);
}

static void test_reset(void **state)
{
	struct linebuf *lb = NULL;
	struct seen seen = {0};

	(void)state;
	assert_int_equal(linebuf_alloc(&lb, 4), 0);
	assert_int_equal(feed(lb, "old", &seen), 0);
	linebuf_reset(lb);
	assert_int_equal(linebuf_pending(lb), 0);
	assert_int_equal(feed(lb, "abcdefg", &seen), E2BIG);
	linebuf_reset(lb);   /* a new stream does not skip the old line */
	assert_int_equal(feed(lb, "new\n", &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.lines[0], "new");
	linebuf_free(lb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_across_reads),
		cmocka_unit_test(test_many_in_one_read_crlf_blank),
		cmocka_unit_test(test_handler_stops_feed),
		cmocka_unit_test(test_limit_complete_line),
		cmocka_unit_test(test_limit_partial_line),
		cmocka_unit_test(test_embedded_nul_kept),
		cmocka_unit_test(test_carry_on_after_complete_overlong),
		cmocka_unit_test(test_carry_on_after_partial_overlong),
		cmocka_unit_test(test_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
