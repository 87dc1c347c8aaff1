/*
 * pwhash.c — password hashing for agents and admin users: argon2id strings
 * from libsodium (salt and costs inside the string), verified in constant
 * time. The store keeps only these strings, never a password.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sodium.h>
#include "log.h"
#include "store_db.h"

_Static_assert(STORE_HASH_SIZE >= crypto_pwhash_STRBYTES,
	       "STORE_HASH_SIZE must hold an argon2id string");

static const char ARGON2ID_PREFIX[] = "$argon2id$";

const struct pwhash_params PWHASH_INTERACTIVE = {
	.opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE,
	.memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE,
};

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_status = -1;

static void sodium_start(void)
{
	sodium_status = sodium_init();
}

/* The SDK tests run servers on other threads, hence the once-guard. */
static bool sodium_ready(void)
{
	if (pthread_once(&sodium_once, sodium_start))
		return false;
	if (sodium_status < 0)
		log_error("store: libsodium failed to initialise");
	return sodium_status >= 0;
}

bool pwhash_params_ok(const struct pwhash_params *p)
{
	return p && p->opslimit >= crypto_pwhash_opslimit_min() &&
	       p->opslimit <= crypto_pwhash_opslimit_max() &&
	       p->memlimit >= crypto_pwhash_memlimit_min() &&
	       p->memlimit <= crypto_pwhash_memlimit_max();
}

int pwhash_make(const struct pwhash_params *p, const char *password,
		char out[STORE_HASH_SIZE])
{
	size_t len;

	if (!out || !password || !*password || !pwhash_params_ok(p))
		return EINVAL;
	len = strlen(password);
	if (len > crypto_pwhash_passwd_max())
		return EINVAL;
	if (!sodium_ready())
		return EIO;
	if (crypto_pwhash_str_alg(out, password, len, p->opslimit,
				  p->memlimit, crypto_pwhash_ALG_ARGON2ID13)) {
		/* libsodium's only failure here is the memory it allocates */
		log_error("store: password hashing: out of memory");
		return ENOMEM;
	}
	return 0;
}

bool pwhash_is_hash(const char *hash)
{
	return hash && strnlen(hash, STORE_HASH_SIZE) < STORE_HASH_SIZE &&
	       !strncmp(hash, ARGON2ID_PREFIX, sizeof(ARGON2ID_PREFIX) - 1);
}

bool pwhash_verify(const char *hash, const char *password)
{
	if (!password || !*password || !pwhash_is_hash(hash))
		return false;
	if (!sodium_ready())
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
