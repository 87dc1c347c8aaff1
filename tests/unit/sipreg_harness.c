/*
 * sipreg_harness.c — see sipreg_harness.h.
 */
#include <errno.h>
#include "sipreg_harness.h"

static int auth_h(char **user, char **pass, const char *realm, void *arg)
{
	(void)realm;
	(void)arg;
	return str_dup(user, "1890") | str_dup(pass, "1234");
}

static void resp_h(int err, const struct sip_msg *msg, void *arg)
{
	int *scode = arg;

	*scode = err ? -err : msg->scode;
}

int srh_register_1890(struct sipreg **regp, struct sip *sip,
		      const struct sa *srv, const char *params,
		      const char *route, int *scode)
{
	const char *routev[1] = {route};
	char ruri[96], aor[64];

	if (re_snprintf(ruri, sizeof(ruri), "sip:%J%s", srv,
			params ? params : "") < 0 ||
	    re_snprintf(aor, sizeof(aor), "sip:1890@%J", srv) < 0)
		return EINVAL;
	return sipreg_register(regp, sip, ruri, aor, NULL, aor, 600, "1890",
			       route ? routev : NULL, route ? 1 : 0, 0,
			       auth_h, NULL, false, resp_h, scode, NULL,
			       NULL);
}
