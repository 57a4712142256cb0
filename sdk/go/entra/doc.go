// Microsoft Entra ID custom extensions (Lifecycle Workflows, entitlement management, custom authentication) and the objects that make them fire.
package entra
