#include "tap.h"
int main(void){tap_init();plan(1);ok(1,"x");return 0;}
