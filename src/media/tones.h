/*
 * tones.h — the tones a leg can hear instead of its bridge, generated at
 * runtime (no audio files): hold music, ringback, an IVR prompt pattern.
 */
#ifndef CALLCLOUD_MEDIA_TONES_H
#define CALLCLOUD_MEDIA_TONES_H

#include <stddef.h>
#include <stdint.h>
#include "switch/switch.h"

/* Fills n samples of tone at 8 kHz; *pos is the leg's position in the
 * tone's cycle, advanced by n. SW_TONE_NONE gives silence. */
void tone_fill(enum sw_tone tone, uint32_t *pos, int16_t *out, size_t n);

#endif
