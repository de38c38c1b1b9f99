/**
 * The console's shell: the main layout with its side navigation (built from {@code @Menu}, so features
 * never import the layout), the project switcher, the user menu and small shared components.
 * It imports no feature; features reach it through {@link org.stackport.ui.ProjectChoices}.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.stackport.ui;
