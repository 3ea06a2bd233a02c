/* compose - placeholder until the applet lands. */
#include "applets.h"
#include "common.h"

const char compose_help[] = "usage: compose\n";

int compose_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not written yet");
}
