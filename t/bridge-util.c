/* The bridge tests' shared stream reading; see bridge-util.h. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge-util.h"
#include "svtool-util.h"
#include "sv-walk.h"
#include "tap.h"

static int mem_size(void *opaque, const struct sv_ram_rec *r)
{
    struct stream *st = opaque;

    if (r->flags & SV_RAM_MEM_SIZE)
        st->mem_size = r->addr;
    return 0;
}

int bu_load(const char *path, const char *release, struct stream *st)
{
    struct sv_walk w;
    struct sv_walk_sec s;
    int k;

    memset(st, 0, sizeof *st);
    if (sv_walk_open(&w, path, release, NULL) < 0) {
        sv_walk_close(&w);
        return -1;
    }
    while ((k = sv_walk_next(&w, &s)) == 1) {
        if (s.format == SV_WF_LIVE) {
            k = sv_walk_ram(&w, &s, NULL, mem_size, st, &(struct sv_ram_stats){ 0 });
        } else if (st->n < BU_MAXSEC) {
            struct sec *x = &st->s[st->n++];

            snprintf(x->idstr, sizeof x->idstr, "%s", s.h.idstr);
            snprintf(x->target, sizeof x->target, "%s", s.target ? s.target : "");
            x->instance = s.h.instance_id;
            x->version = s.h.version_id;
            x->len = s.body_len;
            x->body = malloc(s.body_len ? s.body_len : 1);
            if (s.body_len)
                memcpy(x->body, s.body, s.body_len);
            x->vals = s.vals;
            memset(&s.vals, 0, sizeof s.vals);
        }
        sv_walk_sec_free(&s);
        if (k < 0)
            break;
    }
    if (k < 0) {
        char m[512];

        diag("%s: %s", path, sv_error_format(&w.err, m, sizeof m));
    }
    sv_walk_close(&w);
    return k < 0 ? -1 : 0;
}

void bu_stream_free(struct stream *st)
{
    for (int i = 0; i < st->n; i++) {
        free(st->s[i].body);
        sv_values_free(&st->s[i].vals);
    }
    st->n = 0;
}

const struct sec *bu_find(const struct stream *st, const char *idstr, uint32_t instance)
{
    for (int i = 0; i < st->n; i++)
        if (strcmp(st->s[i].idstr, idstr) == 0 && st->s[i].instance == instance)
            return &st->s[i];
    return NULL;
}

int bu_same_value(const struct sv_value *a, const struct sv_value *b)
{
    return a->count == b->count &&
           (a->b ? b->b && !memcmp(a->b, b->b, a->count)
                 : a->a ? b->a && !memcmp(a->a, b->a, a->count * sizeof *a->a) : !b->a && !b->b && a->u == b->u);
}

int bu_write_section(const struct sec *s, const char *path)
{
    struct sv_stream o;
    struct sv_error e;
    struct su_buf b = { 0 };
    uint8_t *p;
    size_t len;
    int rc = -1;

    sv_error_clear(&e);
    sv_stream_mem_writer(&o, 0);
    if (sv_desc_encode_legacy(s->vals.desc, &(struct sv_desc_ctx){ .target = s->vals.target[0] ? s->vals.target : NULL },
                              s->version, &s->vals, &o, &e) == 0) {
        p = sv_stream_mem_take(&o, &len);
        su_header(&b);
        su_full(&b, 4, s->idstr, s->instance, s->version, p, len);
        su_eof(&b);
        rc = su_write_file(path, b.b, b.len);
        free(p);
    } else {
        diag("encode: %s", e.msg);
        sv_stream_free(&o);
    }
    su_buf_free(&b);
    return rc;
}
