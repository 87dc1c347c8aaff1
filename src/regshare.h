/*
 * regshare.h — the store's table of shared SIP registrations as a SIP
 * node's struct sw_share (regshare.c).
 */
#ifndef CALLCLOUD_REGSHARE_H
#define CALLCLOUD_REGSHARE_H

#include "switch/sw_share.h"

struct store;

/* share's callbacks on st, which must outlive the switch using them. */
void regshare_init(struct sw_share *share, struct store *st);

#endif
