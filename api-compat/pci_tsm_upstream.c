// SPDX-License-Identifier: GPL-2.0-only
/*
 * A TSM driver written against the upstream (mainline v6.19+ and devsec
 * tree) PCI TSM interfaces, as given in shared/spec/pci-tsm.md: a link TSM
 * and a devsec TSM that find their contexts through pdev->tsm.  It must
 * build unchanged against the series with W=1 and -Werror: the exported
 * helpers are taken as pointers of the upstream types, the structures are
 * used by their upstream member names, and the operations are assigned to
 * the upstream op slots.
 */
#include <linux/cleanup.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pci-doe.h>
#include <linux/pci-tsm.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/tsm.h>

#define SAME_TYPE(fn, type) \
	static_assert(__builtin_types_compatible_p(typeof(&fn), type), #fn)

SAME_TYPE(pci_tsm_link_constructor,
	  int (*)(struct pci_dev *, struct pci_tsm *, struct tsm_dev *));
SAME_TYPE(pci_tsm_pf0_constructor,
	  int (*)(struct pci_dev *, struct pci_tsm_pf0 *, struct tsm_dev *));
SAME_TYPE(pci_tsm_pf0_destructor, void (*)(struct pci_tsm_pf0 *));
SAME_TYPE(pci_tsm_devsec_constructor,
	  int (*)(struct pci_dev *, struct pci_tsm_devsec *, struct tsm_dev *));
SAME_TYPE(pci_tsm_tdi_constructor,
	  void (*)(struct pci_dev *, struct pci_tdi *, struct kvm *, u32));
SAME_TYPE(pci_tsm_doe_transfer,
	  int (*)(struct pci_dev *, u8, const void *, size_t, void *, size_t));
SAME_TYPE(pci_tsm_bind, int (*)(struct pci_dev *, struct kvm *, u32));
SAME_TYPE(pci_tsm_unbind, void (*)(struct pci_dev *));
SAME_TYPE(pci_tsm_guest_req,
	  ssize_t (*)(struct pci_dev *, enum pci_tsm_req_scope, sockptr_t,
		      size_t, sockptr_t, size_t, u64 *));
SAME_TYPE(find_tsm_dev, struct tsm_dev *(*)(int));
SAME_TYPE(tsm_unregister, void (*)(struct tsm_dev *));
SAME_TYPE(is_pci_tsm_pf0, bool (*)(struct pci_dev *));
SAME_TYPE(to_pci_tsm_devsec, struct pci_tsm_devsec *(*)(struct pci_tsm *));

static_assert(PCI_TSM_REQ_INFO == 0 && PCI_TSM_REQ_STATE_CHANGE == 1 &&
	      PCI_TSM_REQ_DEBUG_READ == 2 && PCI_TSM_REQ_DEBUG_WRITE == 3);
static_assert(TSM_REPORT_INBLOB_MAX == 64);
static_assert(sizeof(((struct tsm_report_desc *)0)->inblob) ==
	      TSM_REPORT_INBLOB_MAX);

struct compat_pf0 {
	struct pci_tsm_pf0 pf0;
};

struct compat_fn {
	struct pci_tsm tsm;
};

struct compat_tdi {
	struct pci_tdi tdi;
};

struct compat_devsec {
	struct pci_tsm_devsec devsec;
	bool started;
};

static struct pci_tsm *compat_probe(struct tsm_dev *tsm_dev,
				    struct pci_dev *pdev)
{
	int rc;

	if (is_pci_tsm_pf0(pdev)) {
		struct compat_pf0 *dsm __free(kfree) =
			kzalloc(sizeof(*dsm), GFP_KERNEL);

		if (!dsm)
			return NULL;
		rc = pci_tsm_pf0_constructor(pdev, &dsm->pf0, tsm_dev);
		if (rc)
			return NULL;
		return &no_free_ptr(dsm)->pf0.base_tsm;
	}

	struct compat_fn *fn __free(kfree) = kzalloc(sizeof(*fn), GFP_KERNEL);

	if (!fn || pci_tsm_link_constructor(pdev, &fn->tsm, tsm_dev))
		return NULL;
	return &no_free_ptr(fn)->tsm;
}

static void compat_remove(struct pci_tsm *tsm)
{
	if (is_pci_tsm_pf0(tsm->pdev)) {
		struct compat_pf0 *dsm =
			container_of(tsm, struct compat_pf0, pf0.base_tsm);

		pci_tsm_pf0_destructor(&dsm->pf0);
		kfree(dsm);
		return;
	}
	kfree(container_of(tsm, struct compat_fn, tsm));
}

static int compat_connect(struct pci_dev *pdev)
{
	struct compat_pf0 *dsm =
		container_of(pdev->tsm, struct compat_pf0, pf0.base_tsm);
	u8 req[4] = { 0x10, 0x84 }, resp[16];
	int rc;

	/* the core holds dsm->pf0.lock; the DOE mailbox may be absent */
	if (!dsm->pf0.doe_mb)
		return 0;
	rc = pci_tsm_doe_transfer(pdev, PCI_DOE_FEATURE_CMA, req, sizeof(req),
				  resp, sizeof(resp));
	return rc < 0 ? rc : 0;
}

static void compat_disconnect(struct pci_dev *pdev)
{
	lockdep_assert_held(&to_pci_tsm_pf0(pdev->tsm)->lock);
}

static struct pci_tdi *compat_bind(struct pci_dev *pdev, struct kvm *kvm,
				   u32 tdi_id)
{
	struct compat_tdi *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return ERR_PTR(-ENOMEM);
	pci_tsm_tdi_constructor(pdev, &t->tdi, kvm, tdi_id);
	return &t->tdi;
}

static void compat_unbind(struct pci_tdi *tdi)
{
	kfree(container_of(tdi, struct compat_tdi, tdi));
}

static ssize_t compat_guest_req(struct pci_tdi *tdi,
				enum pci_tsm_req_scope scope, sockptr_t req_in,
				size_t in_len, sockptr_t req_out,
				size_t out_len, u64 *tsm_code)
{
	*tsm_code = tdi->tdi_id;
	return 0;
}

static struct pci_tsm_ops compat_link_ops = {
	.probe = compat_probe,
	.remove = compat_remove,
	.connect = compat_connect,
	.disconnect = compat_disconnect,
	.bind = compat_bind,
	.unbind = compat_unbind,
	.guest_req = compat_guest_req,
};

static struct pci_tsm *compat_lock(struct tsm_dev *tsm_dev,
				   struct pci_dev *pdev)
{
	struct compat_devsec *d __free(kfree) = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return ERR_PTR(-ENOMEM);
	if (pci_tsm_devsec_constructor(pdev, &d->devsec, tsm_dev))
		return ERR_PTR(-ENXIO);
	return &no_free_ptr(d)->devsec.base_tsm;
}

static void compat_unlock(struct pci_tsm *tsm)
{
	kfree(container_of(to_pci_tsm_devsec(tsm), struct compat_devsec,
			   devsec));
}

/* What the TSM's lock returned, found the upstream way. */
static int compat_accept(struct pci_dev *pdev)
{
	struct compat_devsec *d = container_of(to_pci_tsm_devsec(pdev->tsm),
					       struct compat_devsec, devsec);

	d->started = true;
	return 0;
}

static struct pci_tsm_ops compat_devsec_ops = {
	.lock = compat_lock,
	.unlock = compat_unlock,
	.accept = compat_accept,
};

static struct platform_device *compat_pdev;
static struct tsm_dev *compat_link, *compat_devsec;

/* tsmN by its id, as the sysfs parser finds it */
static bool compat_found(struct tsm_dev *tsm_dev)
{
	struct tsm_dev *found __free(put_tsm_dev) = find_tsm_dev(tsm_dev->id);

	return found == tsm_dev;
}

static int __init compat_init(void)
{
	compat_pdev = platform_device_register_simple("pci_tsm_compat", -1,
						      NULL, 0);
	if (IS_ERR(compat_pdev))
		return PTR_ERR(compat_pdev);
	compat_link = tsm_register(&compat_pdev->dev, &compat_link_ops);
	if (IS_ERR(compat_link))
		goto err_pdev;
	compat_devsec = tsm_register(&compat_pdev->dev, &compat_devsec_ops);
	if (IS_ERR(compat_devsec))
		goto err_link;
	if (compat_found(compat_link))
		return 0;

	tsm_unregister(compat_devsec);
err_link:
	tsm_unregister(compat_link);
err_pdev:
	platform_device_unregister(compat_pdev);
	return -ENXIO;
}
module_init(compat_init);

static void __exit compat_exit(void)
{
	tsm_unregister(compat_devsec);
	tsm_unregister(compat_link);
	platform_device_unregister(compat_pdev);
}
module_exit(compat_exit);

MODULE_DESCRIPTION("devsec harness: an upstream-style PCI TSM driver");
MODULE_LICENSE("GPL");
