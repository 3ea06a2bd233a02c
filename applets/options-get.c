/* options-get - placeholder until the applet lands. */
#include "applets.h"
#include "common.h"

const char options_get_help[] = "usage: options-get\n";

int options_get_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not written yet");
}
