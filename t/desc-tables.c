/*
 * The table checker: walks every descriptor table and checks what the
 * interpreter relies on.  Broken tables at the end show that each check
 * can fail.
 */
#include <config.h>

#include "desc.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

/* The enclosing scopes of an entry, for references to earlier fields. */
struct scope {
    const struct sv_desc_field *table, *at;     /* entries before `at` are earlier */
    int repeated;
    const struct scope *up;
};

static char problem[256];
static int problems;

static void report(const char *idstr, const char *name, const char *fmt, const char *what)
{
    snprintf(problem, sizeof problem, "%s: %s: %s%s", idstr, name ? name : "(end)", fmt, what ? what : "");
    diag("%s", problem);
    problems++;
}

static const struct sv_desc_field *earlier(const struct scope *sc, const char *ref)
{
    for (; sc; sc = sc->up)
        for (const struct sv_desc_field *f = sc->table; f < sc->at; f++)
            if (strcmp(f->name, ref) == 0)
                return f;
    return NULL;
}

static int valid_segment(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static int ranges_overlap(const struct sv_desc_field *a, const struct sv_desc_field *b)
{
    uint32_t alo = a->since, ahi = a->until ? a->until : UINT32_MAX;
    uint32_t blo = b->since, bhi = b->until ? b->until : UINT32_MAX;

    return alo <= bhi && blo <= ahi;
}

/* Can both be present at once? */
static int exclusive(const struct sv_desc_field *a, const struct sv_desc_field *b)
{
    const struct sv_cond *x = &a->cond, *y = &b->cond;

    if (!ranges_overlap(a, b))
        return 1;
    if (x->kind == SV_IF_TARGET && y->kind == SV_IF_TARGET)
        return strcmp(x->field, y->field) != 0;
    /* a default that differs by element index: == v and != v, or == v and == w */
    if (x->kind == SV_IF_INDEX && y->kind == SV_IF_INDEX) {
        if (x->op == SV_OP_EQ && y->op == SV_OP_EQ)
            return x->value != y->value;
        if ((x->op == SV_OP_EQ && y->op == SV_OP_NE) || (x->op == SV_OP_NE && y->op == SV_OP_EQ))
            return x->value == y->value;
    }
    if (x->kind == SV_IF_FIELD && y->kind == SV_IF_FIELD && strcmp(x->field, y->field) == 0 &&
        x->mask == y->mask) {
        if (x->op == SV_OP_EQ && y->op == SV_OP_EQ)
            return x->value != y->value;
        if ((x->op == SV_OP_EQ && y->op == SV_OP_NE) || (x->op == SV_OP_NE && y->op == SV_OP_EQ))
            return x->value == y->value;
    }
    return 0;
}

static int64_t type_max(uint8_t type)
{
    const struct sv_type_info *t = sv_type_info(type == SV_TL ? SV_U32 : type);

    return t->umax > INT64_MAX ? INT64_MAX : (int64_t)t->umax;
}

static void check_table(const struct sv_desc *d, const struct sv_desc_field *table,
                        const struct scope *up, int repeated);

static void check_entry(const struct sv_desc *d, const struct sv_desc_field *f, const struct scope *sc)
{
    const char *id = d->idstr;
    const struct sv_desc_field *ref;

    if (!valid_segment(f->name))
        report(id, f->name, "name is not one F-11 segment", NULL);
    for (const struct sv_desc_field *g = sc->table; g < f; g++)
        if (strcmp(g->name, f->name) == 0 && !exclusive(f, g))
            report(id, f->name, "name used twice where both can be present", NULL);
    if (f->since && f->until && f->since > f->until)
        report(id, f->name, "since after until", NULL);
    switch (f->kind) {
    case SV_D_INT: {
        const struct sv_type_info *t = f->type == SV_TL ? sv_type_info(SV_U32) : sv_type_info(f->type);

        if (!t || !(t->is_int || f->type == SV_BOOL)) {
            report(id, f->name, "integer entry without an integer type", NULL);
            return;
        }
        if (f->wire && f->wire != 1 && f->wire != 2 && f->wire != 4 && f->wire != 8)
            report(id, f->name, "wire width not 1, 2, 4 or 8", NULL);
        if (f->wire && f->type != SV_TL && f->wire > t->width)
            report(id, f->name, "wire wider than the type", NULL);
        if (f->dflts && (!f->n || f->count))
            report(id, f->name, "per-element defaults on an entry that is not a fixed array", NULL);
        for (uint32_t i = 0; i < (f->dflts ? f->n : 1); i++) {
            int64_t dv = f->dflts ? f->dflts[i] : f->dflt;

            if (t->is_signed ? (dv < t->smin || dv > (int64_t)(t->umax))
                             : ((dv < 0 && t->width < 8) || dv > type_max(f->type)))
                report(id, f->name, "default outside the type", NULL);
            if (f->bounded && !f->required && (dv < f->lo || dv > f->hi))
                report(id, f->name, "default outside its bounds", NULL);
        }
        if (f->bounded) {
            if (f->lo > f->hi)
                report(id, f->name, "bounds reversed", NULL);
            if (!t->is_signed && f->lo < 0)
                report(id, f->name, "negative bound on an unsigned field", NULL);
        }
        if (f->index_of) {
            const struct sv_desc_field *arr = NULL;

            for (const struct sv_desc_field *g = sc->table; g->name; g++)
                if (strcmp(g->name, f->index_of) == 0)
                    arr = g;
            if (!arr || !(arr->n || arr->max_count))
                report(id, f->name, "index_of names no sibling of known length: ", f->index_of);
            else if (!f->required && (f->dflt < 0 || f->dflt >= (int64_t)(arr->n ? arr->n : arr->max_count)))
                report(id, f->name, "default is not an index of ", f->index_of);
            if (f->bounded)
                report(id, f->name, "both bounds and index_of", NULL);
        }
        for (int k = 0; k < 2; k++) {
            const char *rf = k ? f->hi_field : f->lo_field;

            ref = rf ? earlier(sc, rf) : NULL;
            if (rf && (!ref || ref->kind != SV_D_INT || ref->n || ref->count))
                report(id, f->name, "relative bound is not an earlier scalar: ", rf);
        }
        break;
    }
    case SV_D_BYTES:
        if (!f->n && !f->count)
            report(id, f->name, "bytes without a length", NULL);
        if (f->dflts && (!f->n || f->count))
            report(id, f->name, "per-element defaults on an entry that is not a fixed array", NULL);
        for (uint32_t i = 0; f->dflts && i < f->n; i++)
            if (f->dflts[i] < 0 || f->dflts[i] > 0xff)
                report(id, f->name, "default outside the type", NULL);
        break;
    case SV_D_GROUP:
    case SV_D_LIST:
        if (!f->sub || !f->sub->name) {
            report(id, f->name, "group without members", NULL);
            return;
        }
        if (f->kind == SV_D_LIST) {
            if (f->sub->kind != SV_D_INT || f->sub->n || f->sub->count || f->sub->cond.kind)
                report(id, f->name, "a list's first member must be its scalar tag", NULL);
            if (!f->max_count)
                report(id, f->name, "list without a capacity", NULL);
        }
        check_table(d, f->sub, sc, f->kind == SV_D_LIST || f->n || f->count);
        break;
    default:
        report(id, f->name, "unknown entry kind", NULL);
        return;
    }
    if (f->count) {
        ref = earlier(sc, f->count);
        if (!ref || ref->kind != SV_D_INT || ref->n || ref->count)
            report(id, f->name, "count is not an earlier scalar: ", f->count);
        else if (!f->max_count)
            report(id, f->name, "counted without a capacity", NULL);
        else if (ref->bounded && !f->count_mask && ref->hi > (int64_t)f->max_count)
            report(id, f->name, "count field's bound above the capacity", NULL);
        if (ref && !ranges_overlap(ref, f))
            report(id, f->name, "count field absent at this field's versions", NULL);
        if (f->n)
            report(id, f->name, "both a fixed length and a count", NULL);
    }
    switch (f->cond.kind) {
    case SV_IF_ALWAYS:
        break;
    case SV_IF_FIELD:
        ref = earlier(sc, f->cond.field);
        if (!ref || ref->kind != SV_D_INT || ref->n || ref->count)
            report(id, f->name, "condition is not on an earlier scalar: ", f->cond.field);
        break;
    case SV_IF_INDEX:
        if (!sc->repeated)
            report(id, f->name, "index condition outside a repeated group", NULL);
        break;
    case SV_IF_TARGET:
        if (!f->cond.field || (strcmp(f->cond.field, "i386") && strcmp(f->cond.field, "x86_64")))
            report(id, f->name, "target condition names no target", NULL);
        else if (!d->by_target)
            report(id, f->name, "target condition in a table that does not depend on it", NULL);
        break;
    case SV_IF_MACHINE:
        if (!f->cond.field || !*f->cond.field)
            report(id, f->name, "machine condition names no fact", NULL);
        break;
    default:
        report(id, f->name, "unknown condition kind", NULL);
    }
    /* a required field has no default at all (F-18) */
    if (f->required && (f->dflt || f->dflts))
        report(id, f->name, "required field with a default", NULL);
    if (f->required && (f->kind == SV_D_GROUP || f->kind == SV_D_LIST))
        report(id, f->name, "required on a group: mark its members", NULL);
    if (f->cond.kind && f->cond.op > SV_OP_LT)
        report(id, f->name, "unknown condition operator", NULL);
}

static void check_table(const struct sv_desc *d, const struct sv_desc_field *table,
                        const struct scope *up, int repeated)
{
    struct scope sc = { table, table, repeated, up };

    for (const struct sv_desc_field *f = table; f->name; f++) {
        sc.at = f;
        check_entry(d, f, &sc);
        if (f->kind == SV_D_INT && f->type == SV_TL && !d->by_target)
            report(d->idstr, f->name, "target_ulong in a table that does not depend on the target", NULL);
    }
}

/* Every entry must be present at some version of some descriptor using the table. */
static int reachable_in(const struct sv_desc *d, const struct sv_desc_field *f)
{
    for (uint32_t v = d->min_version; v <= d->version; v++)
        if (sv_desc_in_version(f, v))
            return 1;
    return 0;
}

static void check_reachable(const struct sv_desc_field *table, const char *id)
{
    for (const struct sv_desc_field *f = table; f->name; f++) {
        const struct sv_desc *d;
        int any = 0;

        for (size_t i = 0; (d = sv_desc_nth(i)); i++)
            if (d->fields == table && reachable_in(d, f))
                any = 1;
        if (!any)
            report(id, f->name, "present in no version of any descriptor", NULL);
    }
}

static int check_desc(const struct sv_desc *d)
{
    int before = problems;

    if (!d->idstr || !*d->idstr || strlen(d->idstr) > 255)
        report("?", NULL, "idstr missing or too long", NULL);
    /* version 0 is real: vmmouse registers it */
    if (d->min_version > d->version || d->version >= SV_TAGGED_VERSION)
        report(d->idstr, NULL, "versions inconsistent", NULL);
    if (d->also_saves && (d->also_saves < d->min_version || d->also_saves >= d->version))
        report(d->idstr, NULL, "also_saves is not an older version its loader takes", NULL);
    check_table(d, d->fields, NULL, 0);
    check_reachable(d->fields, d->idstr);
    return problems - before;
}

/* every call, whether or not find agrees: tables get added all the time */
static int calls;

static int count_cb(const char *rel, const char *target, const struct sv_desc *d, void *opaque)
{
    int *n = opaque;

    calls++;

    if (sv_desc_find(rel, *target ? target : "i386", d->idstr, d->version) != d)
        diag("find(%s, %s, %s, %u) does not return the listed table", rel, target, d->idstr, d->version);
    else
        (*n)++;
    return 0;
}

/* Broken tables: each must be caught. */
static const struct sv_desc_field bad_count[] = {
    { .name = "buf", .kind = SV_D_BYTES, .count = "len", .max_count = 8 },
    { .name = "len", .type = SV_U8 },
    { .name = NULL },
};
static const struct sv_desc_field bad_dup[] = {
    { .name = "a", .type = SV_U8 },
    { .name = "a", .type = SV_U16, .since = 1 },
    { .name = NULL },
};
static const struct sv_desc_field bad_default[] = {
    { .name = "mode", .type = SV_U8, .dflt = 9, .bounded = 1, .lo = 0, .hi = 5 },
    { .name = NULL },
};
static const struct sv_desc_field bad_cond[] = {
    { .name = "x", .type = SV_U8,
      .cond = { .kind = SV_IF_FIELD, .field = "later", .op = SV_OP_EQ } },
    { .name = "later", .type = SV_U8 },
    { .name = NULL },
};
static const struct sv_desc_field bad_unreachable[] = {
    { .name = "x", .type = SV_U8, .since = 4 },
    { .name = NULL },
};
static const struct sv_desc_field bad_capacity[] = {
    { .name = "n", .type = SV_U8, .bounded = 1, .lo = 0, .hi = 9 },
    { .name = "buf", .kind = SV_D_BYTES, .count = "n", .max_count = 8 },
    { .name = NULL },
};

static const struct sv_desc_field bad_required[] = {
    { .name = "id", .type = SV_U8, .required = 1, .dflt = 3 },
    { .name = NULL },
};

static const int64_t two[] = { 1, 2 };
static const struct sv_desc_field bad_dflts[] = {
    { .name = "len", .type = SV_U8 },
    { .name = "v", .type = SV_U16, .count = "len", .max_count = 2, .dflts = two },
    { .name = NULL },
};

static const int64_t wide[] = { 0, 0x10000 };
static const struct sv_desc_field bad_dflts_type[] = {
    { .name = "v", .type = SV_U16, .n = 2, .dflts = wide },
    { .name = NULL },
};

static const struct sv_desc_field bad_index_dup[] = {
    { .name = "g", .kind = SV_D_GROUP, .n = 3, .sub = (const struct sv_desc_field[]){
        { .name = "gate", .type = SV_U8, .dflt = 1,
          .cond = { .kind = SV_IF_INDEX, .op = SV_OP_LT, .value = 2 } },
        { .name = "gate", .type = SV_U8,
          .cond = { .kind = SV_IF_INDEX, .op = SV_OP_EQ, .value = 1 } },
        { .name = NULL } } },
    { .name = NULL },
};

static const struct sv_desc_field bad_relative[] = {
    { .name = "off", .type = SV_U16, .hi_field = "len" },
    { .name = "len", .type = SV_U16 },
    { .name = NULL },
};

static void expect_bad(const struct sv_desc_field *table, const char *needle, const char *what)
{
    const struct sv_desc d = { .idstr = "bad", .min_version = 1, .version = 3, .fields = table };
    int n;

    problem[0] = 0;
    n = problems;
    check_table(&d, table, NULL, 0);
    for (const struct sv_desc_field *f = table; f->name; f++)
        if (!reachable_in(&d, f))
            report("bad", f->name, "present in no version of any descriptor", NULL);
    ok(problems > n, "checker catches %s", what);
    like(problem, needle, "  with a message");
    problems = n;
}

int main(void)
{
    int listed = 0, n = 0;

    tap_init();
    plan_lazy();
    for (const struct sv_desc *d; (d = sv_desc_nth((size_t)n)); n++)
        is_int(check_desc(d), 0, "table %s v%u..%u is consistent", d->idstr, d->min_version, d->version);
    ok(n >= 24, "registry holds %d tables", n);
    sv_desc_foreach(NULL, NULL, count_cb, &listed);
    /* at least 22 per release: 21 once, cpu once per target; emu >= 0.11 */
    ok(listed >= 3 * (21 + 2) && listed == calls,
       "foreach lists every (release, target, table) and find agrees (%d)", listed);
    listed = calls = 0;
    sv_desc_foreach("0.10", "x86_64", count_cb, &listed);
    ok(listed >= 22 && listed == calls, "foreach filters by release and target (%d)", listed);
    ok(sv_desc_find("0.11", "i386", "cpu", 10) != NULL, "0.11 has cpu v10");
    ok(sv_desc_find("0.10", "i386", "cpu", 10) == NULL, "0.10 has no cpu v10");
    ok(sv_desc_find("0.10", "i386", "cpu", 8) != NULL, "0.10 has cpu v8");
    ok(sv_desc_find("0.11", NULL, "cpu", 10) == NULL, "cpu needs a target");
    ok(sv_desc_find("0.11", NULL, "i8254", 1) != NULL, "i8254 does not");
    ok(sv_desc_find("emu", "x86_64", "ide", 3) == sv_desc_find("0.11", "x86_64", "ide", 3),
       "emu borrows the 0.11 tables");
    ok(sv_desc_find("0.11", "i386", "serial", 4) == NULL, "no serial v4");
    ok(sv_desc_find("0.9", "i386", "serial", 3) == NULL, "unknown release");
    ok(sv_desc_find("emu", NULL, "emu-ring", 1) && !sv_desc_find("0.11", NULL, "emu-ring", 1),
       "the emu-* devices are in emu only");
    ok(sv_desc_find("0.10", NULL, "vmmouse", 0) != NULL, "vmmouse has version 0");

    expect_bad(bad_count, "count is not an earlier scalar", "a count that is not earlier");
    expect_bad(bad_dup, "name used twice", "a duplicate name");
    expect_bad(bad_default, "default outside its bounds", "a default outside the bounds");
    expect_bad(bad_cond, "condition is not on an earlier scalar", "a condition on a later field");
    expect_bad(bad_unreachable, "present in no version", "an unreachable entry");
    expect_bad(bad_capacity, "above the capacity", "a count bound above the capacity");
    expect_bad(bad_relative, "relative bound is not an earlier scalar", "a bound on a later field");
    expect_bad(bad_required, "required field with a default", "a required field with a default");
    expect_bad(bad_dflts, "not a fixed array", "per-element defaults on a counted array");
    expect_bad(bad_dflts_type, "default outside the type", "a per-element default outside the type");
    expect_bad(bad_index_dup, "name used twice", "index conditions that overlap");
    return 0;
}
