/*
 * sim_party.c — the Sim.* control calls that play the far ends: a customer
 * calling in, and a party answering, hanging up, refusing or pressing
 * keys; plus finding the party a script names.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "switch/sim/sim_int.h"

/* A decimal leg id without sign, spaces or overflow. */
static bool parse_leg_id(const char *s, sw_leg_t *idp)
{
	sw_leg_t id = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (s[i] < '0' || s[i] > '9' || id > (UINT64_MAX - d) / 10)
			return false;
		id = id * 10 + d;
	}
	*idp = id;
	return true;
}

/* Names (DN, number, call id) are tried before leg ids: under load leg ids
 * grow into the range of DNs, and a script naming "1001" means the phone,
 * not leg 1001. Among legs of one name the newest wins. */
static int party_find(struct sim *sim, const char *party,
		      struct sim_leg **legp)
{
	struct sim_leg *leg;
	struct le *le;
	sw_leg_t id;

	if (!sim || !sim_name_valid(party, SIM_NAME_MAX))
		return EINVAL;
	for (le = list_tail(&sim->legs); le; le = le->prev) {
		leg = le->data;
		if (!strcmp(leg->kind == SIM_LEG_CUSTOMER ? leg->call_id :
			    leg->name, party)) {
			*legp = leg;
			return 0;
		}
	}
	if (parse_leg_id(party, &id) && (leg = sim_leg_find(sim, id))) {
		*legp = leg;
		return 0;
	}
	return ENOENT;
}

int sim_inbound_call(struct sw *sw, const char *ani, const char *dnis,
		     const struct sw_kv *data, size_t ndata,
		     char *call_id, size_t call_id_size)
{
	struct sim *sim = sim_of(sw);
	struct sim_event *ev = NULL;
	struct sim_leg *leg;
	char id[32];
	int err;

	if (!sim || !sim_name_valid(ani, SIM_ANI_MAX) ||
	    !sim_name_valid(dnis, SIM_ANI_MAX) || !call_id)
		return EINVAL;
	err = sim_data_check(data, ndata);
	if (err)
		return err;
	snprintf(id, sizeof(id), "sim-%llu",
		 (unsigned long long)sim->last_call + 1);
	if (strlen(id) >= call_id_size)
		return EINVAL;

	err = sim_leg_alloc(&leg, sim, SIM_LEG_CUSTOMER, ani);
	if (err)
		return err;
	err = sim_event_alloc(&ev, leg, SW_EV_INCOMING);
	if (!err)
		err = sim_event_set_data(ev, data, ndata);
	if (err) {
		mem_deref(ev);
		sim_leg_drop(leg);
		return err;
	}
	sim->last_call++;
	str_ncpy(leg->call_id, id, sizeof(leg->call_id));
	str_ncpy(ev->call_id, id, sizeof(ev->call_id));
	str_ncpy(ev->ani, ani, sizeof(ev->ani));
	str_ncpy(ev->dnis, dnis, sizeof(ev->dnis));
	ev->ev.call_id = ev->call_id;
	ev->ev.ani = ev->ani;
	ev->ev.dnis = ev->dnis;
	sim_event_post(sim, ev);
	str_ncpy(call_id, id, call_id_size);
	return 0;
}

/* Customers are answered by the core (sw_answer), not by themselves. */
int sim_party_answer(struct sw *sw, const char *party)
{
	struct sim_leg *leg;
	int err = party_find(sim_of(sw), party, &leg);

	if (err)
		return err;
	if (leg->kind == SIM_LEG_CUSTOMER || leg->state != SIM_LEG_RINGING ||
	    leg->never_answers)
		return EPROTO;
	return sim_leg_answer(leg);
}

/* Before answer an originated leg fails (the called party gave up); a
 * customer who called in, or anybody after answer, hangs up. */
int sim_party_hangup(struct sw *sw, const char *party)
{
	struct sim_leg *leg;
	int err = party_find(sim_of(sw), party, &leg);

	if (err)
		return err;
	if (leg->state == SIM_LEG_ANSWERED || leg->kind == SIM_LEG_CUSTOMER)
		return sim_leg_end(leg, SW_EV_HANGUP, SW_CAUSE_NORMAL);
	return sim_leg_end(leg, SW_EV_FAILED, SW_CAUSE_NORMAL);
}

int sim_party_reject(struct sw *sw, const char *party, enum sw_cause cause)
{
	struct sim_leg *leg;
	int err;

	if (!sim_cause_valid(cause))
		return EINVAL;
	err = party_find(sim_of(sw), party, &leg);
	if (err)
		return err;
	if (leg->kind == SIM_LEG_CUSTOMER || leg->state == SIM_LEG_ANSWERED)
		return EPROTO;
	return sim_leg_end(leg, SW_EV_FAILED, cause);
}

int sim_party_dtmf(struct sw *sw, const char *party, const char *digits)
{
	struct sim_event *ev;
	struct sim_leg *leg;
	int err;

	if (!sim_digits_valid(digits))
		return EINVAL;
	err = party_find(sim_of(sw), party, &leg);
	if (err)
		return err;
	if (leg->state != SIM_LEG_ANSWERED)
		return EPROTO;
	err = sim_event_alloc(&ev, leg, SW_EV_DTMF);
	if (err)
		return err;
	str_ncpy(ev->digits, digits, sizeof(ev->digits));
	ev->ev.digits = ev->digits;
	sim_event_post(leg->sim, ev);
	return 0;
}
