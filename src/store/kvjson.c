/*
 * kvjson.c — call data as the JSON object text stored in the CDR's
 * call_data column. The store owns its columns' format; the core hands it
 * plain key/value pairs.
 */
#include <errno.h>
#include <string.h>
#include <jansson.h>
#include "store/store.h"

int store_kv_json(const struct store_kv *kv, size_t n, char *out,
		  size_t size)
{
	json_t *o = json_object();
	size_t i, len;
	int err = 0;

	if (!o)
		return ENOMEM;
	for (i = 0; i < n && !err; i++)
		if (json_object_set_new(o, kv[i].key,
					json_string(kv[i].value)))
			err = EINVAL;
	if (!err) {
		len = json_dumpb(o, out, size ? size - 1 : 0, JSON_COMPACT);
		if (!len || len >= size)
			err = len ? ENOSPC : EINVAL;
		else
			out[len] = '\0';
	}
	json_decref(o);
	return err;
}
