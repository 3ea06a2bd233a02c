/* relation-get - placeholder until the applet lands. */
#include "applets.h"
#include "common.h"

const char relation_get_help[] = "usage: relation-get\n";

int relation_get_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not written yet");
}
