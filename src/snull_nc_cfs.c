// SPDX-License-Identifier: GPL-2.0
/*
 * snull_nc_cfs.c -- the netconsole client's configfs tree, with the
 * attributes of the newest in-tree netconsole on every kernel:
 * /sys/kernel/config/snull_netconsole/<target>/ (or netconsole/ with
 * netconsole_configfs=1) holds enabled, extended, release, dev_name,
 * local_port, remote_port, local_ip, remote_ip, local_mac, remote_mac,
 * transmit_errors, stats, and userdata/ with up to 256 <key>/value
 * entries and the sysdata switches.
 */
#include <linux/module.h>
#include <linux/configfs.h>
#include <linux/etherdevice.h>
#include <linux/inet.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include "snull_nc.h"

static const char * const snull_nc_stat_names[SNULL_NCS_COUNT] = {
	[SNULL_NCS_SENT]		= "sent",
	[SNULL_NCS_FRAGMENTS]		= "fragments",
	[SNULL_NCS_DROPPED]		= "dropped",
	[SNULL_NCS_ARP_REPLIES]		= "arp_replies",
	[SNULL_NCS_ARP_RESOLUTIONS]	= "arp_resolutions",
	[SNULL_NCS_ARP_BAD]		= "arp_bad",
	[SNULL_NCS_OOPS_ONLY_SKIPPED]	= "oops_only_skipped",
	[SNULL_NCS_NDP_REPLIES]		= "ndp_replies",
	[SNULL_NCS_NDP_RESOLUTIONS]	= "ndp_resolutions",
	[SNULL_NCS_NDP_BAD]		= "ndp_bad",
	[SNULL_NCS_HELD]		= "held",
	[SNULL_NCS_RATELIMITED]		= "ratelimited",
};

static const u8 snull_nc_bcast[ETH_ALEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

struct snull_nc_userdatum {
	struct config_item item;
	struct list_head node;		/* on the target's userdata_items */
	struct snull_nc_target *t;
	char value[SNULL_NC_UD_VALUE];
};

static struct snull_nc_target *to_target(struct config_item *item)
{
	return container_of(to_config_group(item), struct snull_nc_target, group);
}

#define SNULL_NC_SHOW(_name, _fmt, _expr)					\
static ssize_t snull_nc_##_name##_show(struct config_item *item, char *buf)	\
{										\
	struct snull_nc_target *t = to_target(item);				\
	ssize_t ret;								\
										\
	mutex_lock(&snull_nc_mutex);						\
	ret = sysfs_emit(buf, _fmt "\n", _expr);				\
	mutex_unlock(&snull_nc_mutex);						\
	return ret;								\
}

SNULL_NC_SHOW(enabled, "%d", t->enabled)
SNULL_NC_SHOW(extended, "%d", t->opts.extended)
SNULL_NC_SHOW(release, "%d", t->opts.release)
SNULL_NC_SHOW(dev_name, "%s", t->opts.dev_name)
SNULL_NC_SHOW(local_port, "%u", t->opts.local_port)
SNULL_NC_SHOW(remote_port, "%u", t->opts.remote_port)

/*
 * %pI4 or %pI6c, as in-tree; while enabled, the address in use; an unset
 * one as an empty line (7.4's in-tree netconsole).
 */
static ssize_t snull_nc_show_ip(char *buf, const union snull_nc_addr *a,
				bool ipv6)
{
	if (snull_nc_addr_unset(a, ipv6))
		return sysfs_emit(buf, "\n");
	if (ipv6)
		return sysfs_emit(buf, "%pI6c\n", &a->in6);
	return sysfs_emit(buf, "%pI4\n", &a->ip);
}

static ssize_t snull_nc_local_ip_show(struct config_item *item, char *buf)
{
	struct snull_nc_target *t = to_target(item);
	union snull_nc_addr a;
	bool ipv6;

	mutex_lock(&snull_nc_mutex);
	if (t->enabled) {
		ipv6 = t->ipv6;
		memcpy(&a, &t->local_ip, sizeof(a));
	} else {
		/* unset: shown in the target's family */
		ipv6 = snull_nc_addr_unset(&t->opts.local_ip, t->opts.local_ipv6) ?
		       t->opts.ipv6 : t->opts.local_ipv6;
		a = t->opts.local_ip;
	}
	mutex_unlock(&snull_nc_mutex);
	return snull_nc_show_ip(buf, &a, ipv6);
}

static ssize_t snull_nc_remote_ip_show(struct config_item *item, char *buf)
{
	struct snull_nc_target *t = to_target(item);
	union snull_nc_addr a;
	bool ipv6;

	mutex_lock(&snull_nc_mutex);
	ipv6 = t->opts.ipv6;
	a = t->opts.remote_ip;
	mutex_unlock(&snull_nc_mutex);
	return snull_nc_show_ip(buf, &a, ipv6);
}

/* The MAC in use: given, resolved by ARP, or broadcast while unresolved. */
SNULL_NC_SHOW(remote_mac, "%pM", t->enabled ? t->dst_mac :
	      t->opts.have_remote_mac ? t->opts.remote_mac : snull_nc_bcast)
SNULL_NC_SHOW(transmit_errors, "%lld", atomic64_read(&t->transmit_errors))

static ssize_t snull_nc_local_mac_show(struct config_item *item, char *buf)
{
	struct snull_nc_target *t = to_target(item);
	ssize_t ret;

	/* np.dev changes under RTNL (device events), not only the mutex */
	mutex_lock(&snull_nc_mutex);
	rtnl_lock();
	ret = sysfs_emit(buf, "%pM\n", t->enabled && t->np.dev ?
			 t->np.dev->dev_addr : snull_nc_bcast);
	rtnl_unlock();
	mutex_unlock(&snull_nc_mutex);
	return ret;
}

static ssize_t snull_nc_stats_show(struct config_item *item, char *buf)
{
	struct snull_nc_target *t = to_target(item);
	int i, n = 0;

	for (i = 0; i < SNULL_NCS_COUNT; i++)
		n += sysfs_emit_at(buf, n, "%s %ld\n", snull_nc_stat_names[i],
				   atomic_long_read(&t->stats[i]));
	return n;
}

/* Every attribute but enabled and userdata is frozen while enabled. */
static int snull_nc_may_change(struct snull_nc_target *t)
{
	if (t->enabled) {
		pr_err("%s: target %s is enabled, disable to update parameters\n",
		       SNULL_DRV_NAME, t->label);
		return -EINVAL;
	}
	return 0;
}

static ssize_t snull_nc_enabled_store(struct config_item *item,
				      const char *buf, size_t count)
{
	struct snull_nc_target *t = to_target(item);
	bool on;
	int err;

	err = kstrtobool(buf, &on);
	if (err)
		return err;
	mutex_lock(&snull_nc_mutex);
	if (on == t->enabled) {
		pr_info("%s: target %s: network logging has already %s\n",
			SNULL_DRV_NAME, t->label, on ? "started" : "stopped");
		err = -EINVAL;
	} else if (on && t->opts.release && !t->opts.extended) {
		pr_err("%s: target %s: release requires extended\n",
		       SNULL_DRV_NAME, t->label);
		err = -EINVAL;
	} else if (on && snull_nc_addr_unset(&t->opts.remote_ip, t->opts.ipv6)) {
		/* as 7.4's in-tree netconsole: nowhere to send to */
		pr_err("%s: target %s: remote_ip is not set\n",
		       SNULL_DRV_NAME, t->label);
		err = -EINVAL;
	} else if (on) {
		err = snull_nc_enable(t);
		if (!err)
			pr_info("%s: target %s: network logging started on %s\n",
				SNULL_DRV_NAME, t->label, t->np.dev_name);
	} else {
		t->resume = false;
		snull_nc_disable(t);
	}
	mutex_unlock(&snull_nc_mutex);
	return err ? err : count;
}

/* Store a parsed value into the target's configuration unless enabled. */
static ssize_t snull_nc_commit(struct config_item *item, void *field,
			       const void *val, size_t size, size_t count)
{
	int err;

	mutex_lock(&snull_nc_mutex);
	err = snull_nc_may_change(to_target(item));
	if (!err)
		memcpy(field, val, size);
	mutex_unlock(&snull_nc_mutex);
	return err ? err : count;
}

static ssize_t snull_nc_bool_store(struct config_item *item, const char *buf,
				   size_t count, bool *field)
{
	bool v;
	int err;

	err = kstrtobool(buf, &v);
	if (err)
		return err;
	return snull_nc_commit(item, field, &v, sizeof(v), count);
}

static ssize_t snull_nc_extended_store(struct config_item *item,
				       const char *buf, size_t count)
{
	return snull_nc_bool_store(item, buf, count, &to_target(item)->opts.extended);
}

static ssize_t snull_nc_release_store(struct config_item *item,
				      const char *buf, size_t count)
{
	return snull_nc_bool_store(item, buf, count, &to_target(item)->opts.release);
}

static ssize_t snull_nc_dev_name_store(struct config_item *item,
				       const char *buf, size_t count)
{
	struct snull_nc_target *t = to_target(item);
	size_t len = strnlen(buf, count);
	int err;

	if (len && buf[len - 1] == '\n')
		len--;
	if (len >= IFNAMSIZ)
		return -ENAMETOOLONG;
	mutex_lock(&snull_nc_mutex);
	err = snull_nc_may_change(t);
	if (!err) {
		memcpy(t->opts.dev_name, buf, len);
		t->opts.dev_name[len] = '\0';
		t->opts.have_dev_mac = false;
	}
	mutex_unlock(&snull_nc_mutex);
	return err ? err : count;
}

static ssize_t snull_nc_port_store(struct config_item *item, const char *buf,
				   size_t count, u16 *field)
{
	u16 port;
	int err;

	err = kstrtou16(buf, 10, &port);
	if (err)
		return err;
	return snull_nc_commit(item, field, &port, sizeof(port), count);
}

static ssize_t snull_nc_local_port_store(struct config_item *item,
					 const char *buf, size_t count)
{
	return snull_nc_port_store(item, buf, count, &to_target(item)->opts.local_port);
}

static ssize_t snull_nc_remote_port_store(struct config_item *item,
					  const char *buf, size_t count)
{
	return snull_nc_port_store(item, buf, count, &to_target(item)->opts.remote_port);
}

/*
 * The rate limit (snull's; proposed upstream under these names) may change
 * while the target is enabled: the send path reads each value once a
 * record.  interval 0 turns it off; a burst of 0 is refused.
 */
SNULL_NC_SHOW(ratelimit_interval_ms, "%u", t->opts.ratelimit_interval_ms)
SNULL_NC_SHOW(ratelimit_burst, "%u", t->opts.ratelimit_burst)

static ssize_t snull_nc_rl_store(struct config_item *item, const char *buf,
				 size_t count, u32 *field, u32 lo, u32 hi,
				 const char *name)
{
	struct snull_nc_target *t = to_target(item);
	u32 v;

	if (kstrtou32(buf, 10, &v) || v < lo || v > hi) {
		pr_err("%s: target %s: %s must be a number from %u to %u\n",
		       SNULL_DRV_NAME, t->label, name, lo, hi);
		return -EINVAL;
	}
	mutex_lock(&snull_nc_mutex);
	WRITE_ONCE(*field, v);
	mutex_unlock(&snull_nc_mutex);
	return count;
}

static ssize_t snull_nc_ratelimit_interval_ms_store(struct config_item *item,
						    const char *buf, size_t count)
{
	return snull_nc_rl_store(item, buf, count,
				 &to_target(item)->opts.ratelimit_interval_ms,
				 0, SNULL_NC_RL_MAX, "ratelimit_interval_ms");
}

static ssize_t snull_nc_ratelimit_burst_store(struct config_item *item,
					      const char *buf, size_t count)
{
	return snull_nc_rl_store(item, buf, count,
				 &to_target(item)->opts.ratelimit_burst,
				 1, U32_MAX, "ratelimit_burst");
}

/*
 * IPv4 or IPv6, told from the text as in-tree; remote_ip's family is the
 * target's.  A local_ip of the other family is refused at enable.
 */
static ssize_t snull_nc_ip_store(struct config_item *item, const char *buf,
				 size_t count, bool remote)
{
	struct snull_nc_target *t = to_target(item);
	size_t len = strnlen(buf, count);
	union snull_nc_addr a;
	int fam, err;

	if (len && buf[len - 1] == '\n')
		len--;
	fam = snull_nc_parse_ip(buf, buf + len, &a);
	if (fam < 0) {
		pr_err("%s: target %s: '%*pE' is neither an IPv4 nor an IPv6 address\n",
		       SNULL_DRV_NAME, t->label, (int)min_t(size_t, len, 64), buf);
		return -EINVAL;
	}
	mutex_lock(&snull_nc_mutex);
	err = snull_nc_may_change(t);
	if (!err && remote) {
		t->opts.remote_ip = a;
		t->opts.ipv6 = fam;
	} else if (!err) {
		t->opts.local_ip = a;
		t->opts.local_ipv6 = fam;
	}
	mutex_unlock(&snull_nc_mutex);
	return err ? err : count;
}

static ssize_t snull_nc_local_ip_store(struct config_item *item,
				       const char *buf, size_t count)
{
	return snull_nc_ip_store(item, buf, count, false);
}

static ssize_t snull_nc_remote_ip_store(struct config_item *item,
					const char *buf, size_t count)
{
	return snull_nc_ip_store(item, buf, count, true);
}

static ssize_t snull_nc_remote_mac_store(struct config_item *item,
					 const char *buf, size_t count)
{
	struct snull_nc_target *t = to_target(item);
	u8 mac[ETH_ALEN];
	int err;

	if (count < 17 || !mac_pton(buf, mac) ||
	    (count > 17 && buf[17] != '\n' && buf[17] != '\0'))
		return -EINVAL;
	mutex_lock(&snull_nc_mutex);
	err = snull_nc_may_change(t);
	if (!err) {
		ether_addr_copy(t->opts.remote_mac, mac);
		t->opts.have_remote_mac = true;
	}
	mutex_unlock(&snull_nc_mutex);
	return err ? err : count;
}

CONFIGFS_ATTR(snull_nc_, enabled);
CONFIGFS_ATTR(snull_nc_, extended);
CONFIGFS_ATTR(snull_nc_, release);
CONFIGFS_ATTR(snull_nc_, dev_name);
CONFIGFS_ATTR(snull_nc_, local_port);
CONFIGFS_ATTR(snull_nc_, remote_port);
CONFIGFS_ATTR(snull_nc_, local_ip);
CONFIGFS_ATTR(snull_nc_, remote_ip);
CONFIGFS_ATTR_RO(snull_nc_, local_mac);
CONFIGFS_ATTR(snull_nc_, remote_mac);
CONFIGFS_ATTR_RO(snull_nc_, transmit_errors);
CONFIGFS_ATTR_RO(snull_nc_, stats);
CONFIGFS_ATTR(snull_nc_, ratelimit_interval_ms);
CONFIGFS_ATTR(snull_nc_, ratelimit_burst);

static struct configfs_attribute *snull_nc_attrs[] = {
	&snull_nc_attr_enabled,
	&snull_nc_attr_extended,
	&snull_nc_attr_release,
	&snull_nc_attr_dev_name,
	&snull_nc_attr_local_port,
	&snull_nc_attr_remote_port,
	&snull_nc_attr_local_ip,
	&snull_nc_attr_remote_ip,
	&snull_nc_attr_local_mac,
	&snull_nc_attr_remote_mac,
	&snull_nc_attr_transmit_errors,
	&snull_nc_attr_stats,
	&snull_nc_attr_ratelimit_interval_ms,
	&snull_nc_attr_ratelimit_burst,
	NULL,
};

/* ---- userdata/<key>/value: " key=value\n" after extended messages ---- */

static struct snull_nc_userdatum *to_userdatum(struct config_item *item)
{
	return container_of(item, struct snull_nc_userdatum, item);
}

static unsigned int snull_nc_userdata_fill(struct snull_nc_target *t,
					   char *buf, unsigned int size)
{
	struct snull_nc_userdatum *ud;
	unsigned int n = 0;

	list_for_each_entry(ud, &t->userdata_items, node)
		if (ud->value[0])
			n += scnprintf(buf + n, size - n, " %s=%s\n",
				       config_item_name(&ud->item), ud->value);
	return n;
}

/*
 * Rebuild the userdata text from the keys, in creation order, into a
 * buffer of its own size (256 entries of 255 bytes would be 64 kB per
 * target if reserved), and publish it to the send path; under
 * snull_nc_mutex.  shrink: the text can only get shorter (a key went), so
 * if no memory can be had, rebuild in place rather than fail.
 */
static int snull_nc_update_userdata(struct snull_nc_target *t, bool shrink)
{
	struct snull_nc_userdatum *ud;
	unsigned int size = 1, n;
	unsigned long flags;
	char *buf, *old;

	list_for_each_entry(ud, &t->userdata_items, node)
		if (ud->value[0])
			size += strlen(config_item_name(&ud->item)) +
				strlen(ud->value) + 3;
	buf = kmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!buf && !shrink)
		return -ENOMEM;
	if (!buf) {
		snull_nc_cfg_lock(&flags);
		if (t->userdata)
			t->userdata_len = snull_nc_userdata_fill(t, t->userdata,
								 t->userdata_len + 1);
		snull_nc_cfg_unlock(flags);
		return 0;
	}
	n = snull_nc_userdata_fill(t, buf, size);
	snull_nc_cfg_lock(&flags);
	old = t->userdata;
	t->userdata = buf;
	t->userdata_len = n;
	snull_nc_cfg_unlock(flags);
	kfree(old);
	return 0;
}

static ssize_t snull_nc_ud_value_show(struct config_item *item, char *buf)
{
	struct snull_nc_userdatum *ud = to_userdatum(item);
	ssize_t ret;

	mutex_lock(&snull_nc_mutex);
	ret = sysfs_emit(buf, "%s\n", ud->value);
	mutex_unlock(&snull_nc_mutex);
	return ret;
}

static ssize_t snull_nc_ud_value_store(struct config_item *item,
				       const char *buf, size_t count)
{
	struct snull_nc_userdatum *ud = to_userdatum(item);
	char old[SNULL_NC_UD_VALUE];
	size_t len = count;
	int err;

	/* As in-tree: the write as made, newline included, must fit. */
	if (count >= SNULL_NC_UD_VALUE)
		return -EMSGSIZE;
	if (len && buf[len - 1] == '\n')
		len--;
	mutex_lock(&snull_nc_mutex);
	memcpy(old, ud->value, sizeof(old));
	memcpy(ud->value, buf, len);
	ud->value[len] = '\0';
	err = snull_nc_update_userdata(ud->t, false);
	if (err)
		memcpy(ud->value, old, sizeof(old));
	mutex_unlock(&snull_nc_mutex);
	return err ? err : count;
}

CONFIGFS_ATTR(snull_nc_ud_, value);

static struct configfs_attribute *snull_nc_ud_attrs[] = {
	&snull_nc_ud_attr_value,
	NULL,
};

static void snull_nc_ud_release(struct config_item *item)
{
	kfree(to_userdatum(item));
}

static struct configfs_item_operations snull_nc_ud_item_ops = {
	.release	= snull_nc_ud_release,
};

static const struct config_item_type snull_nc_ud_type = {
	.ct_item_ops	= &snull_nc_ud_item_ops,
	.ct_attrs	= snull_nc_ud_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct snull_nc_target *ud_group_target(struct config_item *item)
{
	return container_of(to_config_group(item), struct snull_nc_target,
			    userdata_group);
}

static struct config_item *snull_nc_ud_make(struct config_group *group,
					    const char *name)
{
	struct snull_nc_target *t = ud_group_target(&group->cg_item);
	struct snull_nc_userdatum *ud;

	if (strlen(name) > SNULL_NC_UD_NAME)
		return ERR_PTR(-ENAMETOOLONG);
	ud = kzalloc(sizeof(*ud), GFP_KERNEL_ACCOUNT);
	if (!ud)
		return ERR_PTR(-ENOMEM);
	ud->t = t;
	config_item_init_type_name(&ud->item, name, &snull_nc_ud_type);
	mutex_lock(&snull_nc_mutex);
	if (t->userdata_count >= SNULL_NC_UD_ITEMS) {
		mutex_unlock(&snull_nc_mutex);
		kfree(ud);
		return ERR_PTR(-ENOSPC);
	}
	t->userdata_count++;
	list_add_tail(&ud->node, &t->userdata_items);
	mutex_unlock(&snull_nc_mutex);
	return &ud->item;
}

static void snull_nc_ud_drop(struct config_group *group, struct config_item *item)
{
	struct snull_nc_userdatum *ud = to_userdatum(item);
	struct snull_nc_target *t = ud->t;

	mutex_lock(&snull_nc_mutex);
	list_del(&ud->node);
	t->userdata_count--;
	snull_nc_update_userdata(t, true);
	mutex_unlock(&snull_nc_mutex);
	config_item_put(item);
}

/* ---- userdata/<field>_enabled: the sysdata switches ---- */

static ssize_t snull_nc_sysdata_show(struct config_item *item, char *buf,
				     unsigned int field)
{
	struct snull_nc_target *t = ud_group_target(item);
	ssize_t ret;

	mutex_lock(&snull_nc_mutex);
	ret = sysfs_emit(buf, "%d\n", !!(t->sysdata & field));
	mutex_unlock(&snull_nc_mutex);
	return ret;
}

/*
 * Changeable while enabled, as in-tree: the send path reads it locked.
 * Where cpu= and taskname= change the console that sends the target,
 * the console it moves to is registered first.
 */
static ssize_t snull_nc_sysdata_store(struct config_item *item,
				      const char *buf, size_t count,
				      unsigned int field)
{
	struct snull_nc_target *t = ud_group_target(item);
	unsigned int sysdata;
	unsigned long flags;
	bool on;
	int err;

	err = kstrtobool(buf, &on);
	if (err)
		return err;
	mutex_lock(&snull_nc_mutex);
	sysdata = on ? t->sysdata | field : t->sysdata & ~field;
	if (t->enabled)
		snull_nc_console_need(snull_nc_con_for(t->opts.extended,
						       sysdata), false);
	snull_nc_cfg_lock(&flags);
	t->sysdata = sysdata;
	snull_nc_cfg_unlock(flags);
	mutex_unlock(&snull_nc_mutex);
	return count;
}

#define SNULL_NC_SYSDATA_ATTR(_name, _field)					\
static const unsigned int snull_nc_sysf_##_name = _field;			\
static ssize_t snull_nc_sys_##_name##_show(struct config_item *item,		\
					   char *buf)				\
{										\
	return snull_nc_sysdata_show(item, buf, snull_nc_sysf_##_name);	\
}										\
static ssize_t snull_nc_sys_##_name##_store(struct config_item *item,		\
					    const char *buf, size_t count)	\
{										\
	return snull_nc_sysdata_store(item, buf, count,			\
				      snull_nc_sysf_##_name);			\
}										\
CONFIGFS_ATTR(snull_nc_sys_, _name)

SNULL_NC_SYSDATA_ATTR(cpu_nr_enabled, SNULL_NC_SYS_CPU);
SNULL_NC_SYSDATA_ATTR(taskname_enabled, SNULL_NC_SYS_TASKNAME);
SNULL_NC_SYSDATA_ATTR(release_enabled, SNULL_NC_SYS_RELEASE);
SNULL_NC_SYSDATA_ATTR(msgid_enabled, SNULL_NC_SYS_MSGID);

static struct configfs_attribute *snull_nc_sys_attrs[] = {
	&snull_nc_sys_attr_cpu_nr_enabled,
	&snull_nc_sys_attr_taskname_enabled,
	&snull_nc_sys_attr_release_enabled,
	&snull_nc_sys_attr_msgid_enabled,
	NULL,
};

static struct configfs_group_operations snull_nc_ud_group_ops = {
	.make_item	= snull_nc_ud_make,
	.drop_item	= snull_nc_ud_drop,
};

static const struct config_item_type snull_nc_ud_group_type = {
	.ct_group_ops	= &snull_nc_ud_group_ops,
	.ct_attrs	= snull_nc_sys_attrs,
	.ct_owner	= THIS_MODULE,
};

/* ---- targets ---- */

static void snull_nc_target_release(struct config_item *item)
{
	kfree(to_target(item));
}

static struct configfs_item_operations snull_nc_target_item_ops = {
	.release	= snull_nc_target_release,
};

static const struct config_item_type snull_nc_target_type = {
	.ct_item_ops	= &snull_nc_target_item_ops,
	.ct_attrs	= snull_nc_attrs,
	.ct_owner	= THIS_MODULE,
};

void snull_nc_cfs_init_group(struct snull_nc_target *t, const char *name)
{
	config_group_init_type_name(&t->group, name, &snull_nc_target_type);
	config_group_init_type_name(&t->userdata_group, "userdata",
				    &snull_nc_ud_group_type);
	configfs_add_default_group(&t->userdata_group, &t->group);
}

/* mkdir: a new disabled target, or cmdline<N> adopting a parameter one. */
static struct config_group *snull_nc_make(struct config_group *group,
					  const char *name)
{
	struct snull_nc_target *t;

	mutex_lock(&snull_nc_mutex);
	list_for_each_entry(t, &snull_nc_targets, list) {
		if (!t->in_configfs && !strcmp(t->name, name)) {
			t->in_configfs = true;
			mutex_unlock(&snull_nc_mutex);
			return &t->group;
		}
	}
	mutex_unlock(&snull_nc_mutex);

	t = snull_nc_alloc(name);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->in_configfs = true;
	snull_nc_cfs_init_group(t, name);
	snull_nc_add(t);
	return &t->group;
}

static void snull_nc_drop(struct config_group *group, struct config_item *item)
{
	struct snull_nc_target *t = to_target(item);

	mutex_lock(&snull_nc_mutex);
	snull_nc_unlink(t);
	mutex_unlock(&snull_nc_mutex);
	snull_nc_teardown(t);
	config_item_put(item);
}

static struct configfs_group_operations snull_nc_group_ops = {
	.make_group	= snull_nc_make,
	.drop_item	= snull_nc_drop,
};

static const struct config_item_type snull_nc_subsys_type = {
	.ct_group_ops	= &snull_nc_group_ops,
	.ct_owner	= THIS_MODULE,
};

static struct configfs_subsystem snull_nc_subsys = {
	.su_group = {
		.cg_item = {
			.ci_type = &snull_nc_subsys_type,
		},
	},
};

int snull_nc_cfs_register(bool netconsole_name)
{
	config_group_init(&snull_nc_subsys.su_group);
	mutex_init(&snull_nc_subsys.su_mutex);
	strscpy(snull_nc_subsys.su_group.cg_item.ci_namebuf,
		netconsole_name ? "netconsole" : "snull_netconsole",
		CONFIGFS_ITEM_NAME_LEN);
	snull_nc_subsys.su_group.cg_item.ci_name =
		snull_nc_subsys.su_group.cg_item.ci_namebuf;
	return configfs_register_subsystem(&snull_nc_subsys);
}

void snull_nc_cfs_unregister(void)
{
	configfs_unregister_subsystem(&snull_nc_subsys);
}
