/*
 * log.c — leveled logging. Lines are written with one fprintf so that lines
 * from the SDK's threads (in tests sharing the process) never interleave.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include "log.h"

static int log_level = LOG_TRACE;
static FILE *log_file;

static const char *const level_name[] = {"error", "warn", "trace", "debug"};

void log_set_level(int level)
{
	if (level < LOG_ERROR)
		level = LOG_ERROR;
	if (level > LOG_DEBUG)
		level = LOG_DEBUG;
	log_level = level;
}

int log_get_level(void)
{
	return log_level;
}

int log_open_file(const char *path)
{
	FILE *f = fopen(path, "a");

	if (!f)
		return errno;
	setvbuf(f, NULL, _IOLBF, 0);
	if (log_file)
		fclose(log_file);
	log_file = f;
	return 0;
}

int64_t now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	char msg[1024], stamp[32];
	int64_t us = now_us();
	time_t secs = (time_t)(us / 1000000);
	struct tm tm;
	va_list ap;

	if ((int)lvl > log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	gmtime_r(&secs, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(log_file ? log_file : stderr, "%s.%03dZ %s %s\n", stamp,
		(int)(us / 1000 % 1000), level_name[lvl], msg);
}
