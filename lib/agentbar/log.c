/*
 * log.c — the SDK's log lines on stderr, filtered by the LogLevel property
 * (manual 3.1: 0 error, 1 warn, 2 trace, 3 debug), and its two clocks.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "bar.h"

void abi_log(AgentBar *bar, int level, const char *fmt, ...)
{
	char msg[512];
	struct timespec ts;
	struct tm tm;
	va_list ap;

	if (level > __atomic_load_n(&bar->loglevel, __ATOMIC_RELAXED))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	/* one fprintf per line, so lines of different threads do not mix */
	fprintf(stderr, "%02d:%02d:%02d.%03ld agentbar %c %s\n", tm.tm_hour,
		tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, "EWTD"[level], msg);
}

long long abi_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

long long abi_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
