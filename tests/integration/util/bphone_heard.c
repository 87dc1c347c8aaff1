/*
 * bphone_heard.c — what a baresip test phone heard (see bphone.h): its
 * sndfile module writes the decoded audio of each call to
 * rec/dump-<time>-dec.wav as it arrives; a window is where that file
 * stood when it opened.
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "bphone_int.h"
#include "goertzel.h"
#include "itest.h"
#include "wavfile.h"

/* The newest "dump-<time>-dec.wav" (the audio of the latest call). */
static bool newest_dump(const struct bphone *p, char *path, size_t size)
{
	char dir[128], best[256] = "";
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/rec", p->dir);
	d = opendir(dir);
	if (!d)
		return false;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (!strncmp(e->d_name, "dump-", 5) && n > 8 &&
		    !strcmp(e->d_name + n - 8, "-dec.wav") &&
		    strcmp(e->d_name, best) > 0)
			snprintf(best, sizeof(best), "%s", e->d_name);
	}
	closedir(d);
	if (!best[0])
		return false;
	snprintf(path, size, "%s/%s", dir, best);
	return true;
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_size;
}

void bphone_listen(struct bphone *p)
{
	if (newest_dump(p, p->win_file, sizeof(p->win_file)))
		p->win_bytes = file_size(p->win_file);
	else
		p->win_file[0] = '\0';
}

/* The window's samples [skip, skip + n) if the phone heard them yet. */
static bool window(struct bphone *p, size_t skip, size_t n, int16_t *out,
		   size_t *heard)
{
	struct wavfile w;
	char path[256];
	size_t start = 0;
	bool same;

	*heard = 0;
	if (!newest_dump(p, path, sizeof(path)))
		return false;
	same = !strcmp(path, p->win_file);
	if (same) {
		off_t more = file_size(path) - p->win_bytes;

		/* 16-bit mono: 2 bytes a sample. Not read before it can
		 * hold the window. */
		*heard = more > 0 ? (size_t)more / 2 : 0;
		if (*heard < skip + n)
			return false;
	}
	if (wavfile_read(&w, path))
		return false;
	if (same && p->win_bytes > (off_t)w.data_offset)
		start = (size_t)(p->win_bytes - (off_t)w.data_offset) / 2;
	*heard = w.frames > start ? w.frames - start : 0;
	if (w.rate != GOERTZEL_RATE || *heard < skip + n) {
		wavfile_free(&w);
		return false;
	}
	wavfile_channel(&w, 0, start + skip, n, out);
	wavfile_free(&w);
	return true;
}

void bphone_measure(struct bphone *p, unsigned skip_ms, unsigned ms,
		    const double *hz, size_t n, double *power)
{
	size_t skip = skip_ms * (GOERTZEL_RATE / 1000);
	size_t len = ms * (GOERTZEL_RATE / 1000), heard = 0;
	int64_t end = itest_now_ms() + skip_ms + ms + BPHONE_TIMEOUT_MS;
	int16_t *x = malloc(len * sizeof(*x) + 2);

	if (!x)
		fail_msg("bphone: out of memory");
	while (!window(p, skip, len, x, &heard)) {
		if (itest_now_ms() >= end) {
			free(x);
			itest_print_tail(p->log);
			fail_msg("bphone %s: heard %zu ms since bphone_listen,"
				 " wanted %u", p->user,
				 heard / (GOERTZEL_RATE / 1000),
				 skip_ms + ms);
		}
		itest_sleep_ms(BPHONE_POLL_MS);
	}
	for (size_t i = 0; i < n; i++)
		power[i] = goertzel_power(x, len, hz[i]);
	free(x);
}

unsigned bphone_heard_ms(struct bphone *p)
{
	size_t heard;
	int16_t x[1];

	(void)window(p, 0, 0, x, &heard);
	return (unsigned)(heard / (GOERTZEL_RATE / 1000));
}

double bphone_ratio(struct bphone *p, unsigned skip_ms, unsigned ms,
		    double want, const double *others, size_t n)
{
	double hz[16], power[16], top = 0;

	if (n + 1 > sizeof(hz) / sizeof(hz[0]))
		fail_msg("bphone_ratio: at most 15 other frequencies");
	hz[0] = want;
	memcpy(hz + 1, others, n * sizeof(*others));
	bphone_measure(p, skip_ms, ms, hz, n + 1, power);
	for (size_t i = 1; i <= n; i++)
		if (power[i] > top)
			top = power[i];
	if (power[0] <= 0)
		return 0;
	return top > 0 ? power[0] / top : INFINITY;
}
