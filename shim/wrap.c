/*
 * Each device registration gets libffi closures as its save and load
 * handlers; they transcode between the device's legacy bytes and the
 * tagged format, calling the device's own handlers on memory QEMUFiles.
 * A VMState section (0.12's vmstate_register) gets the same closures in
 * its SaveStateEntry, which then runs the binary's own vmstate_save_state
 * and vmstate_load_state with its description.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "closure.h"
#include "log.h"
#include "shim.h"
#include "sv-tagged.h"
#include "sv-v3.h"
#include "transcode.h"
#include "vms.h"

#define TRANSCODE_OF(w) { .release = sv_shim.release->name, .target = sv_shim.target, \
                          .idstr = (w)->idstr, .instance = instance_of(w), \
                          .vmstate = (w)->vmsd != NULL, .desc = (w)->vmsd ? (w)->desc : NULL }

struct wrap {
    struct wrap *next;
    int looked_up;              /* desc is known (NULL: no layout) */
    char idstr[256];
    int legacy_version;
    SaveStateHandler *save;
    void *save_live;            /* SaveLiveStateHandler of the release's signature */
    LoadStateHandler *load;
    void *opaque;
    const void *vmsd;           /* a VMState section: its description (then no save, load) */
    ffi_closure *save_cl, *load_cl, *live_cl;
    void *save_code, *load_code, *live_code;
    uint8_t *se;                /* its SaveStateEntry */
    const struct sv_desc *desc; /* the layout its last save fitted; VMState: the derived one */
    int live;                   /* ram, block: only its load is watched */
    int live_format;            /* enum sv_live_format */
    unsigned long loaded;       /* the load (load_gen) that last reached it */
};

/* Counts loads, so a load can tell which sections it never reached. */
static unsigned long load_gen;

/* A save's tagged body and a load's, kept from one device to the next. */
static struct sv_stream body_out;
static struct sv_refs body_refs;
static uint8_t *body_in;
static size_t body_in_cap;

static struct wrap *wraps;
static ffi_cif save_cif, load_cif, live_cif, live_mon_cif;
static ffi_type *save_args[] = { &ffi_type_pointer, &ffi_type_pointer };
static ffi_type *load_args[] = { &ffi_type_pointer, &ffi_type_pointer, &ffi_type_sint };
/* SaveLiveStateHandler: (f, stage, opaque); 0.12 puts the Monitor first */
static ffi_type *live_args[] = { &ffi_type_pointer, &ffi_type_sint, &ffi_type_pointer };
static ffi_type *live_mon_args[] = { &ffi_type_pointer, &ffi_type_pointer, &ffi_type_sint, &ffi_type_pointer };

#define SE_FIELD(entry, member, type) (*(type *)((entry) + sv_shim.release->abi->se.member))

/* Its layout, looked up on first use (start-up stays short), and again when
 * a save finds another fits (transcode.c's cache).  A VMState section's is
 * the one derived for it. */
static const struct sv_desc **layout_of(struct wrap *w)
{
    if (!w->looked_up && !w->vmsd)
        w->desc = sv_desc_find(sv_shim.release->name, sv_shim.target, w->idstr, (uint32_t)w->legacy_version);
    w->looked_up = 1;
    return &w->desc;
}

static int instance_of(const struct wrap *w)
{
    return w->se ? SE_FIELD(w->se, instance_id, int) : -1;
}

/* The device's own save or load, as the core would call it. */
struct dev_call {
    const struct wrap *w;
    void *opaque;
};

static void dev_save(QEMUFile *f, void *ctx)
{
    const struct dev_call *c = ctx;

    if (c->w->vmsd)
        sv_shim.bin.vms_save_state(f, c->w->vmsd, c->opaque);
    else
        c->w->save(f, c->opaque);
}

static int dev_load(QEMUFile *f, void *ctx, int version)
{
    const struct dev_call *c = ctx;

    if (c->w->vmsd)
        return sv_shim.bin.vms_load_state(f, c->w->vmsd, c->opaque, version);
    return c->w->load(f, c->opaque, version);
}

/* Ends the emulator: legacy 0.11 would ignore the error and run on partial state. */
static void __attribute__((noreturn)) load_failed(const struct wrap *w, struct sv_error *e)
{
    char msg[768];

    sv_error_add_section(e, w->idstr, instance_of(w));
    sv_log("load end: failed");
    sv_shim_exit(1, "load failed: %s", sv_error_format(e, msg, sizeof msg));
}

/*
 * The section's header is in the file already and its body cannot be made:
 * the whole save fails, the way the binary fails one (its file in error, so
 * savevm or migrate reports it and the guest runs on).  Nothing more reaches
 * the file through put_buffer, and the header is followed by no body magic,
 * so a load of what was written refuses this section.
 */
static void save_failed(const struct wrap *w, QEMUFile *f, struct sv_error *e)
{
    char msg[768];

    sv_error_add_section(e, w->idstr, instance_of(w));
    sv_complain("save failed: %s; the emulator's save fails, the guest runs on",
                sv_error_format(e, msg, sizeof msg));
    sv_shim.bin.set_error(f);
}

/* Reads from the emulator's QEMUFile, keeping a copy of every byte. */
struct qsrc {
    QEMUFile *f;
};

static size_t qfile_read(void *opaque, void *buf, size_t n)
{
    struct qsrc *q = opaque;
    size_t got = 0;

    while (got < n) {
        int chunk = n - got > 65536 ? 65536 : (int)(n - got);
        int k = sv_shim.bin.get_buffer(q->f, (uint8_t *)buf + got, chunk);

        if (k <= 0)
            break;
        got += (size_t)k;
    }
    return got;
}

static size_t refs_len(const struct sv_refs *r)
{
    size_t n = 0;

    for (size_t i = 0; i < r->n; i++)
        n += r->r[i].len;
    return n;
}

static void save_fn(ffi_cif *cif, void *ret, void **args, void *user)
{
    struct wrap *w = user;
    QEMUFile *f = *(QEMUFile **)args[0];
    void *opaque = *(void **)args[1];
    struct sv_transcode id = TRANSCODE_OF(w);
    struct dev_call call = { w, opaque };
    struct sv_error err;
    const char *target;
    const uint8_t *legacy = NULL, *body;
    const struct sv_refs *holes;
    size_t len = 0, blen;
    int r = -1;
    char msg[512];

    (void)cif;
    (void)ret;
    if (!w->vmsd)
        id.cache = layout_of(w);
    if (sv_shim.cfg.format == SV_FORMAT_LEGACY) {
        dev_save(f, &call);
        return;
    }
    sv_error_clear(&err);
    if (sv_shim.bin.has_error(f)) {
        /* this save has failed: the device's save still runs, as it would without the shim,
         * but nothing more is made or reported */
        sv_qfile_save(dev_save, &call, &legacy, &len, NULL, &err);
        sv_log("save \"%s\" instance %d: not written, the save has failed", w->idstr, instance_of(w));
        return;
    }
    sv_stream_mem_clear(&body_out);
    body_refs.n = 0;
    if (sv_qfile_save(dev_save, &call, &legacy, &len, &holes, &err) == 0) {
        /* the device's long writes stay where it made them, unless the one pass cannot take them so */
        if (holes->n == 0 ||
            (r = sv_transcode_save_holes(&id, (uint32_t)w->legacy_version, legacy, len, holes, &body_out,
                                         &body_refs, &target)) != 0) {
            r = -1;
            if (sv_qfile_flatten(&legacy, &len) < 0)
                sv_error_set_nooff(&err, SV_E_NOMEM, "no memory for the device's save");
            else
                r = sv_transcode_save(&id, (uint32_t)w->legacy_version, legacy, len, &body_out, &body_refs,
                                      &target, &err);
        } else {
            for (size_t i = 0; i < holes->n; i++)
                len += holes->r[i].len;
        }
    }
    if (r < 0)
        return save_failed(w, f, &err);
    body = sv_stream_mem_data(&body_out, &blen);
    if (r > 0) {
        sv_log("save \"%s\" instance %d v%d: opaque (%s)", w->idstr, instance_of(w), w->legacy_version,
               sv_error_format(&err, msg, sizeof msg));
        sv_error_clear(&err);
    }
    else
        sv_log("save \"%s\" instance %d v%d: tagged%s%s, %zu legacy bytes, %zu tagged", w->idstr,
               instance_of(w), w->legacy_version, target ? " for " : "", target ? target : "", len,
               blen + refs_len(&body_refs));
    /* the body in pieces: long values from where the device's save left them
     * (the binary's qemu_put_buffer, past the shim's hook on it) */
    void (*put)(QEMUFile *, const uint8_t *, int) = sv_shim.hooks[SV_HOOK_PUT_BUFFER].trampoline;


    for (size_t i = 0, at = 0; i <= body_refs.n; i++) {
        size_t end = i < body_refs.n ? body_refs.r[i].at : blen;

        if (end > at)
            put(f, body + at, (int)(end - at));
        if (i < body_refs.n)
            sv_qfile_put_long(f, body_refs.r[i].p, (int)body_refs.r[i].len);
        at = end;
    }
}

/* Runs the device's own load on exactly these bytes; all must be consumed. */
static void load_from_memory(const struct wrap *w, void *opaque, uint8_t *bytes, size_t len, uint32_t version)
{
    struct dev_call call = { w, opaque };
    struct sv_error err;
    int64_t pos = 0;
    int ferr = 0;
    int r = sv_qfile_load(dev_load, &call, (int)version, bytes, len, &pos, &ferr);

    sv_error_clear(&err);
    if (r < 0)
        sv_error_set_nooff(&err, SV_E_CORRUPT, "the device's load returned %d", r);
    else if (ferr)
        sv_error_set_nooff(&err, SV_E_IO, "the device's load read past its %zu bytes", len);
    else if (pos != (int64_t)len)
        sv_error_set_nooff(&err, SV_E_CORRUPT, "the device's load read %lld of %zu bytes",
                           (long long)pos, len);
    free(bytes);
    if (err.code != SV_OK)
        load_failed(w, &err);
    sv_log("load \"%s\" instance %d v%u: %zu bytes", w->idstr, instance_of(w), version, len);
}

/*
 * A machine fact a legacy section's layout depends on (cirrus_vga's PCI
 * part) is a fact of this running machine: the device's own save, now,
 * has the layout this machine uses, and its length tells which one.
 */
struct fact_ask {
    struct wrap *w;
    void *opaque;
    /* a bridged section's release: its table measures the device's save
     * (a section that crosses unchanged has one layout in both; a 0.12
     * VMState description says nothing of the fact) */
    const struct sv_release *as;
};

static int fact_from_save(void *op, const char *name, uint64_t *v)
{
    struct fact_ask *a = op;
    const struct sv_desc *d = a->as ? sv_desc_find(a->as->name, sv_shim.target, a->w->idstr,
                                                   (uint32_t)a->w->legacy_version)
                            : a->w->vmsd ? a->w->desc
                                         : sv_desc_find(sv_shim.release->name, sv_shim.target, a->w->idstr,
                                                        (uint32_t)a->w->legacy_version);
    struct dev_call call = { a->w, a->opaque };
    const uint8_t *bytes;
    size_t len;
    uint8_t *copy;
    struct sv_error serr;
    int found = 0;

    sv_error_clear(&serr);
    if (!d || sv_qfile_save(dev_save, &call, &bytes, &len, NULL, &serr) < 0 || !(copy = malloc(len ? len : 1)))
        return 0;
    memcpy(copy, bytes, len);
    for (uint64_t cand = 0; cand <= 1 && !found; cand++) {
        struct sv_desc_fact fact = { name, cand };
        struct sv_desc_ctx ctx = { .target = sv_shim.target, .instance = -1, .facts = &fact, .nfacts = 1,
                                   .legacy_len = len };
        struct sv_values vals = { 0 };
        struct sv_error err;
        struct sv_stream in;
        uint64_t used = 0;

        sv_error_clear(&err);
        sv_stream_mem_reader(&in, copy, len);
        if (sv_desc_decode_legacy(d, &ctx, (uint32_t)a->w->legacy_version, &in, &vals, &used, &err) == 0 &&
            used == len) {
            *v = cand;
            found = 1;
        }
        sv_values_free(&vals);
    }
    free(copy);
    sv_log("machine fact \"%s\" for \"%s\": %s", name, a->w->idstr,
           found ? (*v ? "1 (from the device's own save)" : "0 (from the device's own save)") : "unknown");
    return found;
}

/*
 * A tagged body whole, by the length in its header, in one read (less when
 * the stream ends first): the transcoder then reads it from memory, and
 * its messages give the same offsets.  Past a header that is not a tagged
 * body's only its first bytes are read: the transcoder refuses them.
 */
static int read_body(struct qsrc *q, struct sv_stream *s, uint64_t at, struct sv_error *err)
{
    size_t got, want = 10;

    if (!body_in) {
        body_in = malloc(4096);
        if (!body_in)
            return sv_error_set(err, SV_E_NOMEM, at, "out of memory for a tagged body");
        body_in_cap = 4096;
    }
    got = qfile_read(q, body_in, want);
    if (got == want && memcmp(body_in, SV_TAGGED_MAGIC, 4) == 0) {
        uint32_t bl = (uint32_t)sv_load_be(body_in + 6, 4);

        if (bl > want && bl <= SV_BODY_MAX) {
            if (bl > body_in_cap) {
                uint8_t *p = realloc(body_in, bl);

                if (!p)
                    return sv_error_set(err, SV_E_NOMEM, at, "out of memory for a tagged body of %u bytes",
                                        bl);
                body_in = p;
                body_in_cap = bl;
            }
            got += qfile_read(q, body_in + want, bl - want);
        }
    }
    sv_stream_mem_reader(s, body_in, got);
    sv_stream_set_offset(s, at);
    return 0;
}

/* The profile (F-9) of the tagged body read_body left in body_in; 0 when it has none. */
static int body_profile(char *out)
{
    size_t n;

    if (!body_in || memcmp(body_in, SV_TAGGED_MAGIC, 4) != 0 || sv_load_be(body_in + 6, 4) < 15)
        return 0;
    n = body_in[14];
    if (n == 0 || n > SV_PROFILE_MAX || sv_load_be(body_in + 6, 4) < 15 + n || !sv_label_ok((const char *)body_in + 15, n))
        return 0;
    memcpy(out, body_in + 15, n);
    out[n] = 0;
    return 1;
}

/*
 * A section saved by release src: read with src's tables (a tagged body,
 * or legacy bytes at `version`), bridged to this release's bytes and
 * version (descriptors/bridge.c), then the device's own load.
 */
static void load_bridged(struct wrap *w, void *opaque, const struct sv_release *src, struct sv_stream *s,
                         uint32_t version, int tagged)
{
    struct fact_ask ask = { w, opaque, src };
    /* a machine fact (cirrus_vga's PCI part) is this machine's, as for this release's own sections */
    struct sv_transcode sid = { .release = src->name, .target = sv_shim.target, .idstr = w->idstr,
                                .instance = instance_of(w), .fact_hook = fact_from_save, .opaque = &ask };
    struct sv_error err;
    uint8_t *bytes = NULL, *out = NULL;
    size_t len = 0, olen = 0;
    uint32_t v = version, ov = 0;
    int k;

    sv_error_clear(&err);
    if (w->live) {
        sv_error_set_nooff(&err, SV_E_USAGE, "a live section of release %s is not bridged", src->name);
        load_failed(w, &err);
    }
    k = tagged ? sv_transcode_to_legacy(&sid, version, s, &bytes, &len, &v, &err)
               : sv_transcode_read_legacy(&sid, version, s, &bytes, &len, NULL, &err);
    if (k > 0)
        sv_error_set_nooff(&err, SV_E_UNKNOWN, "release %s has no descriptor for \"%s\" v%u: it cannot be "
                           "bridged", src->name, w->idstr, version);
    if (k != 0 ||
        sv_shim_bridge_section(src, w->idstr, instance_of(w), v, bytes, len, &out, &olen, &ov, &err) < 0) {
        char msg[sizeof err.msg];
        int n;

        /* the release too: it is what the user may have to change */
        memcpy(msg, err.msg, sizeof msg);
        n = snprintf(err.msg, sizeof err.msg, "release %s to %s: ", src->name, sv_shim.release->name);
        if (n > 0 && (size_t)n < sizeof err.msg)
            memcpy(err.msg + n, msg, sizeof err.msg - (size_t)n - 1);
        err.msg[sizeof err.msg - 1] = 0;
        load_failed(w, &err);
    }
    load_from_memory(w, opaque, out, olen, ov);
}

static void load_fn(ffi_cif *cif, void *ret, void **args, void *user)
{
    struct wrap *w = user;
    QEMUFile *f = *(QEMUFile **)args[0];
    void *opaque = *(void **)args[1];
    int version = *(int *)args[2];
    struct sv_transcode id = TRANSCODE_OF(w);
    struct fact_ask ask = { w, opaque, NULL };
    struct dev_call call = { w, opaque };
    struct qsrc q = { f };
    struct sv_stream s;
    struct sv_error err;
    uint8_t *bytes = NULL;
    size_t len = 0;
    uint32_t v;
    int k;

    (void)cif;
    w->loaded = load_gen;
    id.fact_hook = fact_from_save;
    id.opaque = &ask;
    sv_error_clear(&err);
    if ((unsigned)version == SV_TAGGED_VERSION) {
        const struct sv_release *src = NULL;
        char profile[SV_PROFILE_MAX + 1];

        /* offsets in messages: the file's */
        if (read_body(&q, &s, (uint64_t)sv_shim.bin.ftell(f), &err) < 0 ||
            (body_profile(profile) && sv_shim_bridge_source(profile, &src, &err) < 0))
            load_failed(w, &err);
        if (src) {
            load_bridged(w, opaque, src, &s, (uint32_t)sv_load_be(body_in + 10, 4), 1);
        } else {
            if (sv_transcode_to_legacy(&id, (uint32_t)w->legacy_version, &s, &bytes, &len, &v, &err) < 0)
                load_failed(w, &err);
            load_from_memory(w, opaque, bytes, len, v);
        }
        *(ffi_arg *)ret = 0;
        return;
    }
    sv_stream_callbacks(&s, &q, qfile_read, NULL);
    sv_stream_set_offset(&s, (uint64_t)sv_shim.bin.ftell(f));
    {
        const struct sv_release *src = NULL;

        if (sv_shim_bridge_source(NULL, &src, &err) < 0)
            load_failed(w, &err);
        if (src && version >= 0) {
            load_bridged(w, opaque, src, &s, (uint32_t)version, 0);
            *(ffi_arg *)ret = 0;
            return;
        }
    }
    if (version > w->legacy_version || version < 0) {
        /* what the binary says when the shim is absent */
        fprintf(stderr, "savevm: unsupported version %d for '%s' v%d\n", version, w->idstr, w->legacy_version);
        sv_error_set_nooff(&err, SV_E_UNKNOWN, "legacy version %d above the device's %d", version,
                           w->legacy_version);
        load_failed(w, &err);
    }
    k = sv_transcode_read_legacy(&id, (uint32_t)version, &s, &bytes, &len, NULL, &err);
    if (k < 0)
        load_failed(w, &err);
    if (k == 0) {
        load_from_memory(w, opaque, bytes, len, (uint32_t)version);
        *(ffi_arg *)ret = 0;
        return;
    }
    /* no descriptor: the legacy handler (or the VMState walker) reads the stream itself */
    k = dev_load(f, &call, version);
    if (k < 0) {
        sv_error_set_nooff(&err, SV_E_CORRUPT, "the device's load returned %d", k);
        load_failed(w, &err);
    }
    sv_log("load \"%s\" instance %d v%d: legacy, undescribed", w->idstr, instance_of(w), version);
    *(ffi_arg *)ret = (ffi_arg)k;
}

/*
 * A save starts with the live sections (ram): the time to get ready for the
 * stop-and-copy phase while the guest still runs.  Each device's layout is
 * compiled for the one-pass transcoder, and the memory file is opened.
 */
static void prepare_save(void)
{
    int n = 0;

    for (struct wrap *w = wraps; w; w = w->next) {
        const struct sv_desc *d = w->live ? NULL : *layout_of(w);

        if (d && sv_desc_prepare(d, d->by_target ? sv_shim.target : NULL, (uint32_t)w->legacy_version) == 0)
            n++;
    }
    sv_qfile_prepare();
    sv_log("save prepared: %d layouts compiled", n);
}

/* The live save, (f, stage, opaque) or, in 0.12, (mon, f, stage, opaque). */
static void save_live_fn(ffi_cif *cif, void *ret, void **args, void *user)
{
    struct wrap *w = user;
    int mon = sv_shim.release->abi->live_sig == SV_LIVE_SIG_MONITOR;
    QEMUFile *f = *(QEMUFile **)args[mon];
    int stage = *(int *)args[mon + 1];
    void *opaque = *(void **)args[mon + 2];

    (void)cif;
    if (stage == SV_V3_START && sv_shim.cfg.format != SV_FORMAT_LEGACY)
        prepare_save();
    if (mon)
        *(ffi_arg *)ret = (ffi_arg)((int (*)(void *, QEMUFile *, int, void *))w->save_live)(
            *(void **)args[0], f, stage, opaque);
    else
        *(ffi_arg *)ret = (ffi_arg)((int (*)(QEMUFile *, int, void *))w->save_live)(f, stage, opaque);
}

static void __attribute__((noreturn)) live_died(void *ctx, const char *why)
{
    struct sv_error err;

    sv_error_clear(&err);
    sv_error_set_nooff(&err, SV_E_TRUNC, "%s", why);
    load_failed(ctx, &err);
}

static void __attribute__((noreturn)) ram_died(void *ctx, struct sv_error *e)
{
    load_failed(ctx, e);
}

/* A live section (ram) loads in parts; the 0.11 core ignores a failed part. */
static void load_live_fn(ffi_cif *cif, void *ret, void **args, void *user)
{
    struct wrap *w = user;
    QEMUFile *f = *(QEMUFile **)args[0];
    void *opaque = *(void **)args[1];
    int version = *(int *)args[2];
    int r;
    char why[200];

    (void)cif;
    w->loaded = load_gen;
    if (w->live_format == SV_LIVE_RAM) {
        struct sv_error err;
        int k;

        sv_error_clear(&err);
        k = sv_shim_bridge_ram(w->load, opaque, version, f, ram_died, w, &r, &err);
        if (k < 0)
            load_failed(w, &err);
        if (k == 0) {
            *(ffi_arg *)ret = (ffi_arg)r;
            return;
        }
    }
    r = sv_qfile_load_live(w->load, opaque, version, w->live_format, f, live_died, w, why, sizeof why);
    if (r < 0) {
        struct sv_error err;

        sv_error_clear(&err);
        sv_error_set(&err, SV_E_CORRUPT, (uint64_t)sv_shim.bin.ftell(f), "%s (its load returned %d)", why, r);
        load_failed(w, &err);
    }
    *(ffi_arg *)ret = (ffi_arg)r;
}

static int is_ours(const void *code)
{
    if (!code)
        return 0;
    for (struct wrap *w = wraps; w; w = w->next)
        if (w->save_code == code || w->load_code == code || w->live_code == code)
            return 1;
    return 0;
}

static uint8_t *find_se(const void *load_code)
{
    uint8_t *se = *(uint8_t **)sv_shim.bin.first_se;

    for (; se; se = SE_FIELD(se, next, uint8_t *))
        if (SE_FIELD(se, load, const void *) == load_code)
            return se;
    return NULL;
}

static void free_wrap(struct wrap *w)
{
    if (w->save_cl)
        sv_closure_free(w->save_cl);
    if (w->load_cl)
        sv_closure_free(w->load_cl);
    if (w->live_cl)
        sv_closure_free(w->live_cl);
    if (w->vmsd)
        sv_vms_desc_free((struct sv_desc *)w->desc);   /* derived for this wrap alone */
    free(w);
}

/* The binary's register_savevm_live through its trampoline: 7 arguments,
 * or 8 with set_params (0.12). */
static int call_register(const char *idstr, int instance_id, int version_id, void *set_params,
                         void *save_live, SaveStateHandler *save, LoadStateHandler *load, void *opaque)
{
    void *orig = sv_shim.hooks[SV_HOOK_REGISTER].trampoline;

    if (sv_shim.release->abi->register_live_args == 8)
        return ((int (*)(const char *, int, int, void *, void *, SaveStateHandler *, LoadStateHandler *,
                         void *))orig)(idstr, instance_id, version_id, set_params, save_live, save, load,
                                       opaque);
    return ((int (*)(const char *, int, int, void *, SaveStateHandler *, LoadStateHandler *, void *))orig)(
        idstr, instance_id, version_id, save_live, save, load, opaque);
}

/* The closures of a wrap: a save unless live, a load; -1 when libffi fails. */
static int make_closures(struct wrap *w)
{
    ffi_cif *lc = sv_shim.release->abi->live_sig == SV_LIVE_SIG_MONITOR ? &live_mon_cif : &live_cif;

    if (!w->live)
        w->save_cl = sv_closure_alloc(&w->save_code);
    else
        w->live_cl = sv_closure_alloc(&w->live_code);
    w->load_cl = sv_closure_alloc(&w->load_code);
    if ((!w->live && (!w->save_cl ||
                      ffi_prep_closure_loc(w->save_cl, &save_cif, save_fn, w, w->save_code) != FFI_OK)) ||
        (w->live && (!w->live_cl ||
                     ffi_prep_closure_loc(w->live_cl, lc, save_live_fn, w, w->live_code) != FFI_OK)) ||
        !w->load_cl ||
        ffi_prep_closure_loc(w->load_cl, &load_cif, w->live ? load_live_fn : load_fn, w,
                             w->load_code) != FFI_OK)
        return -1;
    return 0;
}

static int wrap_register(const char *idstr, int instance_id, int version_id, void *set_params,
                         void *save_live, SaveStateHandler *save, LoadStateHandler *load, void *opaque)
{
    const struct sv_live_section *ls = save_live ? sv_release_live(sv_shim.release, idstr) : NULL;
    struct wrap *w;
    int r;

    /* a live section whose records the shim does not know is left alone */
    if (!load || (!save_live && !save) || (save_live && !ls) || is_ours((void *)load) || is_ours(save_live) ||
        version_id >= (int)SV_TAGGED_VERSION)
        return call_register(idstr, instance_id, version_id, set_params, save_live, save, load, opaque);
    w = calloc(1, sizeof *w);
    if (!w)
        return call_register(idstr, instance_id, version_id, set_params, save_live, save, load, opaque);
    {
        size_t n = strnlen(idstr, sizeof w->idstr - 1);

        memcpy(w->idstr, idstr, n);
        w->idstr[n] = 0;
    }
    w->legacy_version = version_id;
    w->save = save;
    w->save_live = save_live;
    w->load = load;
    w->opaque = opaque;
    w->live = save_live != NULL;
    w->live_format = ls ? ls->format : 0;
    if (make_closures(w) < 0) {
        sv_complain("cannot wrap \"%s\": libffi closure failed; it stays legacy", idstr);
        free_wrap(w);
        return call_register(idstr, instance_id, version_id, set_params, save_live, save, load, opaque);
    }
    w->next = wraps;
    wraps = w;
    if (w->live) {
        /* its save's bytes and version stay the binary's: live sections are never tagged (F-29) */
        r = call_register(idstr, instance_id, version_id, set_params, w->live_code, save,
                          (LoadStateHandler *)w->load_code, opaque);
        w->se = find_se(w->load_code);
        sv_log("register \"%s\" instance %d v%d: live, load watched", idstr, instance_of(w), version_id);
        return r;
    }
    r = call_register(idstr, instance_id, (int)SV_TAGGED_VERSION, set_params, NULL,
                      (SaveStateHandler *)w->save_code, (LoadStateHandler *)w->load_code, opaque);
    w->se = find_se(w->load_code);
    sv_log("register \"%s\" instance %d v%d: wrapped at v%u", idstr, instance_of(w), version_id,
           SV_TAGGED_VERSION);
    return r;
}

int sv_shim_register_savevm_live(const char *idstr, int instance_id, int version_id,
                                 SaveLiveStateHandler *save_live, SaveStateHandler *save,
                                 LoadStateHandler *load, void *opaque)
{
    return wrap_register(idstr, instance_id, version_id, NULL, (void *)save_live, save, load, opaque);
}

int sv_shim_register_savevm_live8(const char *idstr, int instance_id, int version_id, void *set_params,
                                  void *save_live, SaveStateHandler *save, LoadStateHandler *load,
                                  void *opaque)
{
    return wrap_register(idstr, instance_id, version_id, set_params, save_live, save, load, opaque);
}

void sv_shim_unregister_savevm(const char *idstr, void *opaque)
{
    void (*orig)(const char *, void *) = sv_shim.hooks[SV_HOOK_UNREGISTER].trampoline;

    orig(idstr, opaque);
    for (struct wrap **p = &wraps; *p;) {
        struct wrap *w = *p;

        if (strcmp(w->idstr, idstr) == 0 && w->opaque == opaque && !find_se(w->load_code)) {
            *p = w->next;
            sv_log("unregister \"%s\": wrapper freed", idstr);
            free_wrap(w);
        } else {
            p = &w->next;
        }
    }
}

#define VMS_LAYOUT (&sv_shim.release->abi->vmstate->layout)
#define VMSD_FIELD(vmsd, member, type) (*(type const *)((const uint8_t *)(vmsd) + VMS_LAYOUT->desc.member))

/* The entry vmstate_register just linked: the last with this description and opaque. */
static uint8_t *find_vmsd_se(const void *vmsd, const void *opaque)
{
    uint8_t *found = NULL;

    for (uint8_t *se = *(uint8_t **)sv_shim.bin.first_se; se; se = SE_FIELD(se, next, uint8_t *))
        if (SE_FIELD(se, vmsd, const void *) == vmsd && SE_FIELD(se, opaque, void *) == opaque)
            found = se;
    return found;
}

/*
 * 0.12's vmstate_register links an entry of its own (never through
 * register_savevm_live).  Once it has, the entry gets the closures as its
 * handlers and loses its description, so the core calls them; the closures
 * run the binary's walker with the description.
 */
int sv_shim_vmstate_register(int instance_id, const void *vmsd, void *opaque)
{
    int (*orig)(int, const void *, void *) = sv_shim.hooks[SV_HOOK_VMS_REGISTER].trampoline;
    const char *name = VMSD_FIELD(vmsd, name, char *);
    int version = VMSD_FIELD(vmsd, version_id, int);
    int r = orig(instance_id, vmsd, opaque);
    uint8_t *se = find_vmsd_se(vmsd, opaque);
    char why[256] = "";
    struct wrap *w;

    if (!se || !name || version < 0 || version >= (int)SV_TAGGED_VERSION || !(w = calloc(1, sizeof *w)))
        return r;
    snprintf(w->idstr, sizeof w->idstr, "%s", name);
    w->legacy_version = version;
    w->opaque = opaque;
    w->vmsd = vmsd;
    if (make_closures(w) < 0) {
        sv_complain("cannot wrap \"%s\": libffi closure failed; it stays legacy", name);
        free_wrap(w);
        return r;
    }
    w->next = wraps;
    wraps = w;
    w->se = se;
    SE_FIELD(se, save, void *) = w->save_code;
    SE_FIELD(se, load, void *) = w->load_code;
    SE_FIELD(se, vmsd, const void *) = NULL;
    SE_FIELD(se, version_id, int) = (int)SV_TAGGED_VERSION;
    w->desc = sv_vmsd_descriptor(vmsd, why, sizeof why);
    sv_log("vmstate_register \"%s\" instance %d v%d: wrapped at v%u, %s%s", name, instance_of(w), version,
           SV_TAGGED_VERSION, w->desc ? "described" : "opaque: ", w->desc ? "" : why);
    return r;
}

/* qdev's unplug: the binary matches by description and opaque, so the
 * entries get their description back first. */
void sv_shim_vmstate_unregister(const void *vmsd, void *opaque)
{
    void (*orig)(const void *, void *) = sv_shim.hooks[SV_HOOK_VMS_UNREGISTER].trampoline;

    for (struct wrap *w = wraps; w; w = w->next) {
        uint8_t *se;

        if (w->vmsd == vmsd && w->opaque == opaque && (se = find_se(w->load_code)))
            SE_FIELD(se, vmsd, const void *) = vmsd;
    }
    orig(vmsd, opaque);
    for (struct wrap **p = &wraps; *p;) {
        struct wrap *w = *p;

        if (w->vmsd == vmsd && w->opaque == opaque && !find_se(w->load_code)) {
            *p = w->next;
            sv_log("vmstate_unregister \"%s\": wrapper freed", w->idstr);
            free_wrap(w);
        } else {
            p = &w->next;
        }
    }
}

/* The binary's qemu_savevm_state_complete, with the monitor (0.12) or without. */
static int call_complete(void *mon, QEMUFile *f)
{
    void *orig = sv_shim.hooks[SV_HOOK_COMPLETE].trampoline;

    if (sv_shim.release->abi->state_monitor)
        return ((int (*)(void *, QEMUFile *))orig)(mon, f);
    return ((int (*)(QEMUFile *))orig)(f);
}

static int complete(void *mon, QEMUFile *f)
{
    int legacy = sv_shim.cfg.format == SV_FORMAT_LEGACY, r;

    sv_log("save start: format %s", legacy ? "legacy" : "tagged");
    /* the core writes each header's version from the registration */
    for (struct wrap *w = wraps; legacy && w; w = w->next)
        if (w->se && !w->live)
            SE_FIELD(w->se, version_id, int) = w->legacy_version;
    r = call_complete(mon, f);
    for (struct wrap *w = wraps; legacy && w; w = w->next)
        if (w->se && !w->live)
            SE_FIELD(w->se, version_id, int) = (int)SV_TAGGED_VERSION;
    sv_log("save end: %s (%d)", r < 0 ? "failed" : "ok", r);
    return r;
}

int sv_shim_savevm_state_complete(QEMUFile *f)
{
    return complete(NULL, f);
}

int sv_shim_savevm_state_complete_mon(void *mon, QEMUFile *f)
{
    return complete(mon, f);
}

int sv_shim_loadvm_state(QEMUFile *f)
{
    int (*orig)(QEMUFile *) = sv_shim.hooks[SV_HOOK_LOADVM].trampoline;
    int r;

    sv_log("load start");
    load_gen++;
    sv_shim_bridge_begin();
    r = orig(f);
    if (r < 0) {
        sv_log("load end: failed");
        sv_shim_exit(1, "load failed: the savevm core returned %d (%s)", r,
                     r == -EIO ? "the stream ended early or could not be read" :
                     r == -EINVAL ? "a section header or a section the core could not take" :
                     "see the emulator's message above");
    }
    /* 0.10/0.11 save every registered section: one the load never reached
     * means the stream ended early (a zero byte reads as its end) */
    for (struct wrap *w = wraps; w; w = w->next) {
        if (w->se && w->loaded != load_gen && !sv_shim_bridge_absent_ok(w->idstr, w->live)) {
            sv_log("load end: failed");
            sv_shim_exit(1, "load failed: section \"%s\" instance %d is missing from the stream "
                         "(it ended early); the machine would run on partial state",
                         w->idstr, instance_of(w));
        }
    }
    sv_log("load end: ok");
    return r;
}

int sv_wrap_init(void)
{
    sv_stream_mem_writer(&body_out, 0);
    if (ffi_prep_cif(&save_cif, FFI_DEFAULT_ABI, 2, &ffi_type_void, save_args) != FFI_OK ||
        ffi_prep_cif(&load_cif, FFI_DEFAULT_ABI, 3, &ffi_type_sint, load_args) != FFI_OK ||
        ffi_prep_cif(&live_cif, FFI_DEFAULT_ABI, 3, &ffi_type_sint, live_args) != FFI_OK ||
        ffi_prep_cif(&live_mon_cif, FFI_DEFAULT_ABI, 4, &ffi_type_sint, live_mon_args) != FFI_OK)
        return -1;
    return 0;
}
