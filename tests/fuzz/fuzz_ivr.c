/*
 * fuzz_ivr.c — libFuzzer target: IVR flow scripts (src/core/ivr.c's
 * steps), as Admin.PutIvr hands them over: core_ivr_script_ok() decides,
 * and a script it accepts is stored in and read back from the directory
 * (src/store/ivr.c, whose reader checks the row again), as a flow is
 * before a call runs it.
 *
 * The input is the script's text; one in-memory store serves every input.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <re.h>
#include "core/core.h"
#include "fuzz_loop.h"
#include "store/store.h"

static const struct pwhash_params weak = {1, 8192};

static struct store *store(void)
{
	static struct store *st;

	if (!st) {
		fuzz_libre_init();
		if (store_open(&st, ":memory:", &weak))
			abort();
	}
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dir_ivr f, back;
	char why[256];
	int err;

	memset(&f, 0, sizeof(f));
	if (size >= sizeof(f.script))
		return 0;
	memcpy(f.script, data, size);
	if (!core_ivr_script_ok(f.script, why, sizeof(why)))
		return 0;
	str_ncpy(f.name, "4100", sizeof(f.name));
	/* EINVAL: a script the table cannot hold (control characters),
	 * which Admin.PutIvr answers as invalid; the store must refuse it
	 * rather than keep a row its reader would skip */
	err = store_ivr_put(store(), &f, true);
	if (err == EINVAL)
		return 0;
	if (err || store_ivr_get(store(), f.name, &back) ||
	    strcmp(back.script, f.script))
		abort();
	return 0;
}
