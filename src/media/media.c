/*
 * media.c — the engine object, its 20 ms clock and the bridges: named
 * mixes created on first use and freed when they have neither legs nor a
 * recording. Bridges are few per engine (one per call), so a list will do.
 */
#include <string.h>
#include "media/media_int.h"

static void tick(void *arg)
{
	struct media *m = arg;
	uint64_t now;

	media_mix(m);

	/* Scheduled against the ideal time, not "now + 20", so processing
	 * time does not add up into drift. After a stall (a suspended host)
	 * the clock restarts instead of bursting to catch up. */
	now = tmr_jiffies();
	m->next_tick += MEDIA_PTIME;
	if (m->next_tick + 10 * MEDIA_PTIME < now)
		m->next_tick = now + MEDIA_PTIME;
	tmr_start(&m->tmr, m->next_tick > now ? m->next_tick - now : 0,
		  tick, m);
}

static void media_destructor(void *arg)
{
	struct media *m = arg;

	tmr_cancel(&m->tmr);
	/* Legs hold a reference, so none is left; bridges may be, kept by a
	 * recording nobody stopped. */
	list_flush(&m->bridges);
	mem_deref(m->tls);
}

int media_alloc(struct media **mp, const char *rtp_ip, uint16_t port_min,
		uint16_t port_max)
{
	struct media *m;
	int err;

	if (!mp || !rtp_ip || port_min < 1024 || port_max <= port_min + 1)
		return EINVAL;

	m = mem_zalloc(sizeof(*m), media_destructor);
	if (!m)
		return ENOMEM;

	err = sa_set_str(&m->laddr, rtp_ip, 0);
	if (err) {
		mem_deref(m);
		return err;
	}
	m->port_min = port_min;
	m->port_max = port_max;
	tmr_init(&m->tmr);
	m->next_tick = tmr_jiffies() + MEDIA_PTIME;
	tmr_start(&m->tmr, MEDIA_PTIME, tick, m);

	*mp = m;
	return 0;
}

void media_stats(const struct media *m, struct media_stats *out)
{
	*out = m->stats;
}

static void bridge_destructor(void *arg)
{
	struct mbridge *br = arg;

	list_unlink(&br->le);
	mem_deref(br->rec);
	mem_deref(br->name);
}

static struct mbridge *bridge_find(struct media *m, const char *name)
{
	struct le *le;

	LIST_FOREACH(&m->bridges, le) {
		struct mbridge *br = le->data;

		if (!strcmp(br->name, name))
			return br;
	}

	return NULL;
}

static int bridge_get(struct mbridge **brp, struct media *m,
		      const char *name)
{
	struct mbridge *br = bridge_find(m, name);
	int err;

	if (br) {
		*brp = br;
		return 0;
	}

	br = mem_zalloc(sizeof(*br), bridge_destructor);
	if (!br)
		return ENOMEM;
	err = str_dup(&br->name, name);
	if (err) {
		mem_deref(br);
		return err;
	}
	br->m = m;
	list_append(&m->bridges, &br->le, br);

	*brp = br;
	return 0;
}

void mbridge_release(struct mbridge *br)
{
	if (!list_head(&br->legs) && !br->rec)
		mem_deref(br);
}

int media_join(struct media *m, const char *bridge, struct mleg *l,
	       unsigned flags)
{
	struct mbridge *br;
	int err;

	if (!m || !bridge || !*bridge || !l || l->m != m ||
	    (flags & ~(unsigned)(SW_HEAR | SW_SPEAK)))
		return EINVAL;

	err = bridge_get(&br, m, bridge);
	if (err)
		return err;

	if (l->br != br) {
		media_leave(l);
		list_append(&br->legs, &l->ble, l);
		l->br = br;
	}
	l->flags = flags;

	return 0;
}

int media_leave(struct mleg *l)
{
	struct mbridge *br;

	if (!l)
		return EINVAL;
	if (!l->br)
		return ENOENT;

	br = l->br;
	list_unlink(&l->ble);
	l->br = NULL;
	l->flags = 0;
	mbridge_release(br);

	return 0;
}

int media_play(struct mleg *l, enum sw_tone tone)
{
	if (!l || tone < SW_TONE_NONE || tone > SW_TONE_PROMPT)
		return EINVAL;

	if (tone != l->tone)
		l->tone_pos = 0;   /* every tone starts from its beginning */
	l->tone = tone;

	return 0;
}

int media_record(struct media *m, const char *bridge, const char *path)
{
	struct mbridge *br;
	int err;

	if (!m || !bridge || !*bridge || (path && !*path))
		return EINVAL;

	if (!path) {
		br = bridge_find(m, bridge);
		if (!br || !br->rec)
			return ENOENT;
		br->rec = mem_deref(br->rec);
		mbridge_release(br);
		return 0;
	}

	br = bridge_find(m, bridge);
	if (br && br->rec)
		return EALREADY;

	err = bridge_get(&br, m, bridge);
	if (err)
		return err;
	err = wavrec_open(&br->rec, path);
	if (err)
		mbridge_release(br);

	return err;
}
