# pg.sh — sourced by the benchmark scripts: a throw-away PostgreSQL 15
# cluster in DIR (created here), reachable only on its unix socket there,
# with fsync off. The server refuses to run as root, so as root it runs as
# the postgres user, who then owns DIR.
#   bench_pg_start DIR    initdb and start; sets $pg_url (its postgres
#                         database, as the postgres user)
#   bench_pg_stop         stops it (the caller removes DIR)
pg_bin=/usr/lib/postgresql/15/bin

bench_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bench_pg_start() {
	pg_dir=$1
	mkdir -p "$pg_dir"
	[ "$(id -u)" = 0 ] && chown postgres: "$pg_dir"
	bench_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust \
		-N -E UTF8 --locale=C.UTF-8 > "$pg_dir/initdb.log"
	# the port only names the socket file, in a directory of our own
	bench_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
		-o "-k $pg_dir -p 5432 -c listen_addresses='' -c fsync=off" \
		start > /dev/null
	pg_url="postgresql:///postgres?host=$pg_dir&port=5432&user=postgres"
}

bench_pg_stop() {
	[ -n "${pg_dir:-}" ] && [ -f "$pg_dir/data/postmaster.pid" ] &&
		bench_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop > /dev/null
	return 0
}
