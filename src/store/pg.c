/*
 * pg.c — opening and closing the PostgreSQL store: checking the URL,
 * connecting, the schema in PostgreSQL's dialect (the SQLite schema's
 * tables, columns and version numbers; BIGINT for SQLite's 64-bit
 * INTEGER, COLLATE "C" so lists sort by bytes as in SQLite, and a row key
 * on the CDR that makes a replayed write idempotent) and the CDR writer.
 */
#include <errno.h>
#include <string.h>
#include <re.h>
#include "log.h"
#include "db_pg.h"

#define TEXT " TEXT COLLATE \"C\" NOT NULL"

static const char *const migrations[] = {
	/* 1: the directory and the CDR */
	"CREATE TABLE agents("
	" id TEXT COLLATE \"C\" PRIMARY KEY,"
	" name" TEXT ","
	" role BIGINT NOT NULL,"
	" pwhash" TEXT ");"
	"CREATE TABLE skills("
	" name TEXT COLLATE \"C\" PRIMARY KEY,"
	" strategy BIGINT NOT NULL,"
	" ring_timeout BIGINT NOT NULL,"
	" max_wait BIGINT NOT NULL,"
	" max_wait_noagent BIGINT NOT NULL,"
	" overflow" TEXT ","
	" wrapup BIGINT NOT NULL,"
	" record BIGINT NOT NULL,"
	" priority BIGINT NOT NULL);"
	"CREATE TABLE perms("
	" agent" TEXT " REFERENCES agents(id) ON DELETE CASCADE,"
	" skill" TEXT " REFERENCES skills(name) ON DELETE CASCADE,"
	" level BIGINT NOT NULL,"
	" PRIMARY KEY(agent, skill));"
	"CREATE INDEX perms_skill ON perms(skill);"
	"CREATE TABLE phones("
	" dn TEXT COLLATE \"C\" PRIMARY KEY,"
	" sip_password" TEXT ");"
	"CREATE TABLE routes("
	" access TEXT COLLATE \"C\" PRIMARY KEY,"
	" kind BIGINT NOT NULL,"
	" target" TEXT ");"
	"CREATE TABLE rest_reasons("
	" reason TEXT COLLATE \"C\" PRIMARY KEY,"
	" position BIGINT NOT NULL UNIQUE);"
	"CREATE TABLE admins("
	" \"user\" TEXT COLLATE \"C\" PRIMARY KEY,"
	" pwhash" TEXT ");"
	"CREATE TABLE cdr("
	" id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
	/* the writer's key for the row: a replay after a crash mid-write
	 * meets its own row and adds nothing */
	" rid TEXT COLLATE \"C\" UNIQUE,"
	" call_id" TEXT ","
	" contact_id BIGINT NOT NULL,"
	" agent" TEXT ","
	" dn" TEXT ","
	" ani" TEXT ","
	" dnis" TEXT ","
	" direction" TEXT ","
	" skill" TEXT ","
	" queue_wait_ms BIGINT NOT NULL,"
	" ring_ms BIGINT NOT NULL,"
	" talk_ms BIGINT NOT NULL,"
	" end_reason" TEXT ","
	" hangup_by" TEXT ","
	" start_us BIGINT NOT NULL,"
	" answer_us BIGINT NOT NULL,"
	" end_us BIGINT NOT NULL,"
	" call_data" TEXT ");"
	"CREATE INDEX cdr_contact ON cdr(contact_id);",
	/* 2: IVR flows */
	"CREATE TABLE ivr_flows("
	" name TEXT COLLATE \"C\" PRIMARY KEY,"
	" script" TEXT ");",
	/* 3: the CTI pair's fencing token, one row, raised by each takeover
	 * (pg_leader.c) */
	"CREATE TABLE cti_leader("
	" id BIGINT PRIMARY KEY,"
	" token BIGINT NOT NULL);"
	"INSERT INTO cti_leader VALUES(1, 0);",
	/* 4: the SIP phones' registrations the switch nodes share
	 * (sipreg.c) */
	"CREATE TABLE sip_bindings("
	" dn" TEXT ","
	" contact" TEXT ","
	" route" TEXT ","
	" node" TEXT ","
	" expires_s BIGINT NOT NULL,"
	" PRIMARY KEY(dn, contact));",
	/* 5: the skills each monitor supervises (monskills.c); the monitors
	 * of an older database keep what they had: every skill */
	"CREATE TABLE monitor_skills("
	" monitor" TEXT " REFERENCES agents(id) ON DELETE CASCADE,"
	" skill" TEXT " REFERENCES skills(name) ON DELETE CASCADE,"
	" PRIMARY KEY(monitor, skill));"
	"CREATE INDEX monitor_skills_skill ON monitor_skills(skill);"
	"INSERT INTO monitor_skills SELECT a.id, s.name FROM agents a, skills s"
	" WHERE a.role = 1;",
};

static const struct db_schema schema = {
	migrations, (int)ARRAY_SIZE(migrations),
	"CREATE TABLE IF NOT EXISTS schema_version("
	" version BIGINT PRIMARY KEY, applied_us BIGINT NOT NULL)",
	/* held to the end of the migration's transaction (any constant key
	 * of our own will do) */
	"SELECT pg_advisory_xact_lock(7291004611)",
};

static void conn_destructor(void *data)
{
	struct pg_conn *c = data;

	/* the writer first: it may still be writing queued rows */
	pg_cdr_stop(c->cdr);
	if (c->conn)
		PQfinish(c->conn);
	mem_deref(c->url);
}

int db_pg_open(struct store *st, const char *url, const char *journal)
{
	PQconninfoOption *opts;
	struct pg_conn *c;
	char *msg = NULL;
	int err;

	opts = PQconninfoParse(url, &msg);
	if (!opts) {
		log_error("store: invalid postgresql URL: %s",
			  msg ? msg : "out of memory");
		PQfreemem(msg);
		return EINVAL;
	}
	PQconninfoFree(opts);

	c = mem_zalloc(sizeof(*c), conn_destructor);
	if (!c)
		return ENOMEM;
	st->be = &db_pg;
	st->impl = c;
	err = str_dup(&c->url, url);
	if (err)
		return err;
	c->conn = pg_connect(url);
	if (!c->conn)
		return EIO;
	err = db_migrate(st, &schema);
	if (err)
		return err;
	return pg_cdr_start(st, url, journal ? journal : STORE_JOURNAL_DEFAULT);
}
