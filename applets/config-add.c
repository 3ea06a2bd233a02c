/* config-add - placeholder until the applet lands. */
#include "applets.h"
#include "common.h"

const char config_add_help[] = "usage: config-add\n";

int config_add_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not written yet");
}
