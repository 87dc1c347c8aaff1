/*
 * sip_http.c — /sip on the HTTP port: SIP over WebSocket for browser
 * phones next to the web toolbar, served by sip_ws.c. A file of its own
 * because the API's header brings jansson, whose names clash with
 * libre's JSON ones that the switch's other files include.
 */
#include "api/api_ext.h"
#include "switch/sip/sip_switch.h"

int sip_switch_http_register(struct api *api, struct sw *sw)
{
	return api_ext_http(api, "/sip", sip_switch_ws_request, sw);
}
