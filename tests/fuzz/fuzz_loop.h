/*
 * fuzz_loop.h — what the fuzz targets on libre share: libre set up once
 * per process, the daemon's log formatted but thrown away, and the main
 * loop turned a bounded number of times (each turn polls the sockets once
 * and runs the timers due), so an input is handled without sleeping.
 */
#ifndef FUZZ_LOOP_H
#define FUZZ_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* libre_init() once (aborts when it fails: no target can run). */
void fuzz_libre_init(void);

/* Turns the loop n times. */
void fuzz_pump(unsigned n);

/* Turns the loop until done(arg) holds, at most n times. */
void fuzz_pump_until(unsigned n, bool (*done)(void *arg), void *arg);

/* Reads and discards what a non-blocking socket has: how many bytes, or
 * -1 once the peer closed it (or it failed). */
ssize_t fuzz_drain(int fd);

/* A TCP connection to 127.0.0.1:port, non-blocking; -1 on failure. */
int fuzz_connect(unsigned short port);

/* A client's whole connection over fd (from fuzz_connect): sends data up
 * to its first blank line (a request's head), waits for the answer, sends
 * the rest (a request's body, or the frames after an upgrade to
 * WebSocket, which a client sends once it has its 101), shuts the sending
 * side and turns until the server closed the connection; at most turns
 * turns in all. What the server sends is read and thrown away. Closes
 * fd. */
void fuzz_stream(int fd, const uint8_t *data, size_t size, unsigned turns);

#endif
