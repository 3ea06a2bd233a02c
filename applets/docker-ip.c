/* docker-ip - placeholder until the applet lands. */
#include "applets.h"
#include "common.h"

const char docker_ip_help[] = "usage: docker-ip\n";

int docker_ip_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not written yet");
}
