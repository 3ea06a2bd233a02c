/* check-compose-ovh-credentials - placeholder until the applet lands. */
#include "applets.h"
#include "common.h"

const char check_compose_ovh_credentials_help[] = "usage: check-compose-ovh-credentials\n";

int check_compose_ovh_credentials_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die("not written yet");
}
