// SPDX-License-Identifier: GPL-2.0
/*
 * snull_nc_main.c -- the netconsole client's module parameters and the one
 * place that orders its setup and teardown: device events, neighbour
 * hooks, configfs, the netconsole= targets and then their consoles (so
 * that each target receives the replay of the log, as in-tree); on exit
 * the reverse, with the consoles last.
 *
 * The client streams the kernel log to remote UDP listeners like the
 * newest in-tree netconsole (same grammar, configfs attributes and wire
 * formats) on every kernel, but builds its frames itself and answers and
 * resolves its own neighbours.  Its layers, each calling only those below
 * it: snull_nc_cfs.c (configfs), snull_nc.c (targets and device events),
 * snull_nc_con.c (consoles), snull_nc_neigh.c (ARP and NDP),
 * snull_nc_xmit.c (skb pool and transmit), and the pure parsing and
 * formatting of snull_ncparse.c, snull_ncframe.c and snull_ncmsg.c.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include "snull_nc.h"

#define SNULL_NC_MAX_PARAM	1024

static char snull_nc_param[SNULL_NC_MAX_PARAM];
module_param_string(netconsole, snull_nc_param, sizeof(snull_nc_param), 0);
MODULE_PARM_DESC(netconsole,
		 "[+][r][src-port]@[src-ip]/[dev],[tgt-port]@<tgt-ip>/[tgt-macaddr][;...]");

static bool snull_nc_configfs_netconsole;
module_param_named(netconsole_configfs, snull_nc_configfs_netconsole, bool, 0444);
MODULE_PARM_DESC(netconsole_configfs,
		 "name the configfs directory 'netconsole' instead of 'snull_netconsole'");

/* ---- netconsole= targets ---- */

static void snull_nc_param_targets(void)
{
	char *cfg = snull_nc_param, *one;
	struct snull_nc_target *t;
	char err[160];
	int idx = -1;
	char name[16];

	while ((one = strsep(&cfg, ";"))) {
		struct snull_nc_opts o;

		idx++;
		if (!*one)
			continue;
		if (snull_nc_parse_target(one, &o, err, sizeof(err))) {
			pr_err("%s: netconsole target %d ('%s'): %s\n",
			       SNULL_DRV_NAME, idx, one, err);
			continue;
		}
		snprintf(name, sizeof(name), "cmdline%d", idx);
		t = snull_nc_alloc(name);
		if (!t)
			break;
		t->opts = o;
		snull_nc_cfs_init_group(t, name);
		snull_nc_add(t);
		mutex_lock(&snull_nc_mutex);
		if (snull_nc_enable(t))
			pr_err("%s: target %s: netpoll setup on %s failed, target stays disabled\n",
			       SNULL_DRV_NAME, name, o.dev_name[0] ? o.dev_name : "(by MAC)");
		else
			pr_info("%s: target %s: network logging started on %s\n",
				SNULL_DRV_NAME, name, t->np.dev_name);
		mutex_unlock(&snull_nc_mutex);
	}
}

int snull_nc_init(void)
{
	struct snull_nc_target *t;
	int err;

	err = snull_nc_events_register();
	if (err)
		return err;
	snull_nc_neigh_register();
	err = snull_nc_cfs_register(snull_nc_configfs_netconsole);
	if (err)
		goto err_neigh;

	snull_nc_loading = true;
	snull_nc_param_targets();
	snull_nc_loading = false;
	/*
	 * After every parameter target is up, so that each receives the
	 * replay of the log buffer, as in-tree.
	 */
	mutex_lock(&snull_nc_mutex);
	list_for_each_entry(t, &snull_nc_targets, list)
		if (t->enabled)
			snull_nc_console_need(snull_nc_con_of(t), true);
	mutex_unlock(&snull_nc_mutex);
	return 0;

err_neigh:
	snull_nc_neigh_unregister();
	snull_nc_events_unregister();
	return err;
}

/*
 * Nothing may enable a target once exit has begun (a resume work would
 * register a console again); the consoles go last, when no target is left
 * to send and no work of ours can run.
 */
void snull_nc_exit(void)
{
	struct snull_nc_target *t, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&snull_nc_mutex);
	snull_nc_exiting = true;
	mutex_unlock(&snull_nc_mutex);
	snull_nc_cfs_unregister();

	/* Parameter targets never adopted through configfs are ours. */
	mutex_lock(&snull_nc_mutex);
	list_for_each_entry_safe(t, tmp, &snull_nc_targets, list) {
		snull_nc_unlink(t);
		list_add_tail(&t->list, &gone);
	}
	mutex_unlock(&snull_nc_mutex);
	list_for_each_entry_safe(t, tmp, &gone, list) {
		snull_nc_teardown(t);
		kfree(t);
	}

	snull_nc_neigh_unregister();
	snull_nc_events_unregister();
	mutex_lock(&snull_nc_mutex);
	snull_nc_consoles_unregister();
	mutex_unlock(&snull_nc_mutex);
}
