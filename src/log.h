/*
 * log.h — one line per event to stderr (or a file), with the manual's
 * LogLevel numbering: 0 error, 1 warn, 2 trace, 3 debug.
 */
#ifndef CALLCLOUD_LOG_H
#define CALLCLOUD_LOG_H

#include <stdint.h>

enum log_level { LOG_ERROR = 0, LOG_WARN, LOG_TRACE, LOG_DEBUG };

void log_set_level(int level);
int  log_get_level(void);
int  log_open_file(const char *path);   /* errno on failure */
void log_msg(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_trace(...) log_msg(LOG_TRACE, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Wall-clock time in microseconds since the epoch (event timestamps). */
int64_t now_us(void);

#endif
