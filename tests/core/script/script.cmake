# tests for throttle_script
