/** Building throwaway bundles inside tests. */
package org.kmodel.testkit.bundle;
