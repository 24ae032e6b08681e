/*
 * "audio": audio/audio.c audio_save, version 1, instance 0.  Any -soundhw
 * registers it (0.10.6: pc.c's audio_init calls AUD_init; 0.11.1:
 * AUD_register_card calls audio_init).  The save writes nothing and
 * audio_load takes only version 1, in both releases: an empty section.
 */
#include <config.h>

#include "devices.h"

static const struct sv_desc_field audio_v1[] = {
    { .name = NULL },
};

const struct sv_desc sv_desc_audio = {
    .idstr = "audio", .min_version = 1, .version = 1, .fields = audio_v1,
};
