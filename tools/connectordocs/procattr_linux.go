package main

import "syscall"

// childAttr makes a child process (hugo server) end with this one, even
// when this one is killed and cannot stop it.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
