/* relation-set - placeholder until the applet lands. */
#include "applets.h"
#include "common.h"

const char relation_set_help[] = "usage: relation-set\n";

int relation_set_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not written yet");
}
