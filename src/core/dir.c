/*
 * dir.c — the directory (the store) as the core reads it. A lookup either
 * finds its row, finds none (ENOENT: the client named something that does
 * not exist), or fails (the database itself: EIO, ENOMEM, …). The last two
 * must never be confused: a database fault read as "no such agent" would
 * tell a client its agent id is wrong, so it answers ArFailed and is
 * logged here, once, with what was being looked up. A key the store
 * refuses to look up (EINVAL: too long, empty, a character it cannot hold)
 * names nothing either.
 */
#include <errno.h>
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

int dir_code(int err, int missing, const char *what, const char *key)
{
	if (!err)
		return ArSuccess;
	if (err == ENOENT || err == EINVAL)
		return missing;
	log_error("directory: %s '%s': %s", what, key ? key : "", strerror(err));
	return ArFailed;
}
