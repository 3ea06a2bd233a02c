/* docker-cutoff - placeholder until the applet lands. */
#include "applets.h"
#include "common.h"

const char docker_cutoff_help[] = "usage: docker-cutoff\n";

int docker_cutoff_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not written yet");
}
