/*
 * fuzz_ini.c — libFuzzer target: the daemon's INI file (src/config.c,
 * through inih): every section and key, their values' parsing and
 * ranges, the error messages with file and line, then config_check()'s
 * checks across keys (ports, trunk addresses, gateway URI, origins).
 *
 * The input is the file's text, read by config_load() from a memfd over
 * the defaults, as `callcloud -c FILE` reads it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	char path[64], err[512];
	int fd = memfd_create("fuzz.ini", MFD_CLOEXEC);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	config_default(&cfg);
	if (!config_load(&cfg, path, err, sizeof(err)))
		(void)config_check(&cfg, err, sizeof(err));
	close(fd);
	return 0;
}
