package org.stackport.ui;

import java.util.List;

/** The projects the signed-in user may switch to; implemented by the tenancy module. */
public interface ProjectChoices {
    List<String> projectNames();
}
