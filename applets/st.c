/* st - placeholder until the applet lands. */
#include "applets.h"
#include "common.h"

const char st_help[] = "usage: st\n";

int st_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not written yet");
}
