/*
 * mixer.c — one 20 ms tick of the engine. Every leg's frame from its peer
 * is taken first; then in each bridge a leg that hears gets the sum of
 * the other speakers (the total minus itself), saturated to 16 bits, and
 * a recording gets customers left, everybody else right. A leg with a
 * tone hears the tone instead. Last, every leg sends its frame.
 */
#include <string.h>
#include "media/media_int.h"
#include "media/tones.h"

static int16_t sat16(int32_t v)
{
	if (v > INT16_MAX)
		return INT16_MAX;
	if (v < INT16_MIN)
		return INT16_MIN;

	return (int16_t)v;
}

static void mix_bridge(struct mbridge *br)
{
	int32_t sum[MEDIA_FRAME] = {0};
	int32_t left[MEDIA_FRAME] = {0}, right[MEDIA_FRAME] = {0};
	struct le *le;
	size_t i;

	LIST_FOREACH(&br->legs, le) {
		struct mleg *l = le->data;
		int32_t *side = l->customer ? left : right;

		if (!(l->flags & SW_SPEAK))
			continue;
		for (i = 0; i < MEDIA_FRAME; i++) {
			sum[i] += l->in[i];
			side[i] += l->in[i];
		}
	}

	LIST_FOREACH(&br->legs, le) {
		struct mleg *l = le->data;
		bool own = l->flags & SW_SPEAK;

		if (!(l->flags & SW_HEAR) || l->tone != SW_TONE_NONE)
			continue;
		for (i = 0; i < MEDIA_FRAME; i++)
			l->out[i] = sat16(sum[i] - (own ? l->in[i] : 0));
		l->out_ready = true;
	}

	if (br->rec) {
		int16_t l16[MEDIA_FRAME], r16[MEDIA_FRAME];
		int err;

		for (i = 0; i < MEDIA_FRAME; i++) {
			l16[i] = sat16(left[i]);
			r16[i] = sat16(right[i]);
		}
		err = wavrec_write(br->rec, l16, r16, MEDIA_FRAME);
		if (err) {
			re_fprintf(stderr, "media: recording of bridge %s"
				   " stopped: %m\n", br->name, err);
			br->rec = mem_deref(br->rec);
			mbridge_release(br);
		}
	}
}

void media_mix(struct media *m)
{
	struct le *le;

	LIST_FOREACH(&m->legs, le)
		mleg_ring_pull(le->data);

	le = list_head(&m->bridges);
	while (le) {
		struct mbridge *br = le->data;

		le = le->next;   /* mix_bridge may release br */
		mix_bridge(br);
	}

	LIST_FOREACH(&m->legs, le) {
		struct mleg *l = le->data;

		if (l->tone != SW_TONE_NONE) {
			tone_fill(l->tone, &l->tone_pos, l->out, MEDIA_FRAME);
			l->out_ready = true;
		}
		mleg_tx(l);
	}
}
