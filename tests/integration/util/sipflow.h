/*
 * sipflow.h — the steps SIP integration tests repeat, on the daemon's SIP
 * switch with sipp (sipp.h) playing the phones and the customers of
 * tests/sipp/: a phone registering, its agent signing in, a routed call
 * answered. Each fails the test when an outcome differs.
 */
#ifndef ITEST_SIPFLOW_H
#define ITEST_SIPFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

struct daemon;
struct rc;

#define SIPFLOW_ANI "13800000000"   /* the customer of tests/sipp/ */

/* dn registers (password 1234) from 127.0.0.1:port with register.xml,
 * for an hour; _for with an Expires of its own ("0": unregister). */
void sipflow_register(const struct daemon *d, const char *dn, uint16_t port,
		      bool tcp);
void sipflow_register_for(const struct daemon *d, const char *dn,
			  uint16_t port, bool tcp, const char *expires);
/* A demo agent signs in on dn, AutoAnswer on, skill 示例; OnReady seen. */
struct rc *sipflow_signin(const struct daemon *d, const char *agent,
			  const char *dn);
/* A customer calls 4000 (customer_talks.xml) and the phone on port
 * (phone_answers.xml) answers: the agent sees OnAlerting and OnConnected
 * with the customer's number, OnReady once the customer hung up, and both
 * sipps end as scripted. call_id gets the call's id. Other events stay
 * queued on agent. */
void sipflow_answered_call(const struct daemon *d, struct rc *agent,
			   const char *dn, uint16_t port, bool tcp,
			   char *call_id, size_t size);
/* The newest CDR row of the agent (Admin.ListCDR on admin), a new
 * reference; fails the test if there is none. */
json_t *sipflow_cdr(struct rc *admin, const char *agent);

#endif
